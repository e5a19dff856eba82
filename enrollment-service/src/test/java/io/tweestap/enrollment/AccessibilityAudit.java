package io.tweestap.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/** The accessibility checks every browser test of a page runs: axe-core and reflow at phone widths. */
final class AccessibilityAudit {

    private AccessibilityAudit() {
    }

    /**
     * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA plus best practices) in the page as it is now and
     * fails on serious or critical violations; lesser ones are printed for whoever reads the log.
     */
    static void assertAccessible(ChromeDriver browser, String state) {
        Results results = new AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"))
                .analyze(browser);
        assertThat(results.isErrored()).as("axe-core ran on %s: %s", state, results.getErrorMessage()).isFalse();
        List<String> blocking = new java.util.ArrayList<>();
        for (Rule rule : results.getViolations()) {
            String line = rule.getId() + " [" + rule.getImpact() + "] " + rule.getHelp() + " at "
                    + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList();
            if ("serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())) {
                blocking.add(line);
            } else {
                System.out.println("axe-core, " + state + ": " + line);
            }
        }
        for (Rule rule : results.getIncomplete()) {
            System.out.println("axe-core, " + state + ", to review by hand: " + rule.getId() + " [" + rule.getImpact()
                    + "] at " + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList());
        }
        assertThat(blocking).as("serious or critical accessibility violations on %s (%s)", state,
                browser.getCurrentUrl()).isEmpty();
        assertThat(results.getPasses()).as("axe-core checked something on %s", state).isNotEmpty();
        assertReflows(browser, state);
    }

    /**
     * WCAG 1.4.10 Reflow, which axe-core cannot judge: at 320 CSS px wide (a small phone, or a
     * desktop zoomed to 400 %) the page needs no sideways scrolling.
     */
    private static void assertReflows(ChromeDriver browser, String state) {
        for (int width : new int[] {360, 412}) {
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                    "width", width, "height", 800, "deviceScaleFactor", 1, "mobile", true));
            try {
                assertThat(headingsBrokenMidWord(browser)).as("headings broken mid-word at %d px on %s", width, state).isEmpty();
            } finally {
                browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            }
        }
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", 320, "height", 640, "deviceScaleFactor", 1, "mobile", true));
        try {
            assertThat(headingsBrokenMidWord(browser)).as("headings broken mid-word at 320 px on %s", state).isEmpty();
            Object overflow = browser.executeScript("var wide = [];"
                    + " document.querySelectorAll('body *').forEach(function (e) {"
                    + "   var r = e.getBoundingClientRect(); if (r.width > 0 && r.right > 320.5) wide.push(e.tagName + (e.id ? '#' + e.id : '') + ' ' + Math.round(r.right)); });"
                    + " return document.documentElement.scrollWidth + ' ' + wide.slice(0, 5).join(', ');");
            String[] measured = String.valueOf(overflow).split(" ", 2);
            assertThat(Integer.parseInt(measured[0])).as("page width at 320 px on %s; too wide: %s", state,
                    measured.length > 1 ? measured[1] : "").isLessThanOrEqualTo(320);
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /**
     * Where a heading's line breaks fall inside a word: each character's box is measured, and a
     * character that starts a new line must follow a space, a hyphen or a soft hyphen.
     */
    private static String headingsBrokenMidWord(ChromeDriver browser) {
        return String.valueOf(browser.executeScript("var broken = [];"
                + " document.querySelectorAll('h1, h2, h3').forEach(function (h) {"
                + "   var walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT), node, lastTop = null, prev = null;"
                + "   while ((node = walker.nextNode())) {"
                + "     for (var i = 0; i < node.data.length; i++) {"
                + "       var ch = node.data[i], range = document.createRange();"
                + "       range.setStart(node, i); range.setEnd(node, i + 1);"
                + "       var rects = range.getClientRects();"
                + "       if (rects.length > 0 && rects[0].width > 0) {"
                + "         var top = rects[0].top;"
                + "         if (lastTop !== null && top > lastTop + 1 && prev !== null && !/[\\s\\u00ad\\u2010-]/.test(prev))"
                + "           broken.push(h.textContent.replace(/\\u00ad/g, '').trim() + ' before \"' + ch + '\"');"
                + "         lastTop = top;"
                + "       }"
                + "       prev = ch;"
                + "     }"
                + "   }"
                + " });"
                + " return broken.join('; ');"));
    }
}
