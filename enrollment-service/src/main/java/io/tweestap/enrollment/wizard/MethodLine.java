package io.tweestap.enrollment.wizard;

import io.quarkus.qute.TemplateData;

/** One line of the "your methods" list on the wizard's last page; a blocked device (a lost phone) says so. */
@TemplateData
public record MethodLine(boolean phone, String label, boolean blocked) {
}
