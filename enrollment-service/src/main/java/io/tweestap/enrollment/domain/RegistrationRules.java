package io.tweestap.enrollment.domain;

/** The registration policy in force for a tenant, whether stored or the configured default. */
public record RegistrationRules(int snoozeDays, int maxSnoozes, boolean requireDevice, boolean requirePhone) {

    public boolean metBy(long verifiedDevices, long verifiedPhones) {
        boolean anything = verifiedDevices + verifiedPhones > 0;
        return anything && (!requireDevice || verifiedDevices > 0) && (!requirePhone || verifiedPhones > 0);
    }
}
