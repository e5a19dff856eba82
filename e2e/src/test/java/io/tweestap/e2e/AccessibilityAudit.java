package io.tweestap.e2e;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wizard's accessibility audit (decision 0038) for the web app's screens: axe-core (WCAG 2.x A
 * and AA plus best practice) fails on serious or critical violations, and at 320 CSS px (WCAG
 * 1.4.10 Reflow, which axe cannot judge) nothing needs sideways scrolling.
 */
final class AccessibilityAudit {

    private AccessibilityAudit() {
    }

    static void assertAccessible(ChromeDriver browser, String state) {
        Results results = new AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"))
                .analyze(browser);
        assertThat(results.isErrored()).as("axe-core ran on %s: %s", state, results.getErrorMessage()).isFalse();
        List<String> blocking = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            String line = rule.getId() + " [" + rule.getImpact() + "] " + rule.getHelp() + " at "
                    + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList();
            if ("serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())) {
                blocking.add(line);
            } else {
                System.out.println("axe-core, " + state + ": " + line);
            }
        }
        assertThat(blocking).as("serious or critical accessibility violations on %s", state).isEmpty();
        assertThat(results.getPasses()).as("axe-core checked something on %s", state).isNotEmpty();
        assertReflows(browser, state);
    }

    private static void assertReflows(ChromeDriver browser, String state) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", 320, "height", 640, "deviceScaleFactor", 1, "mobile", true));
        try {
            Object width = browser.executeScript("return document.documentElement.scrollWidth");
            assertThat(((Number) width).intValue()).as("page width at 320 px on %s", state).isLessThanOrEqualTo(320);
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }
}
