package tillbridge.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;

/**
 * The agent's status page in a real headless Chromium (Debian's, never one Playwright downloads),
 * served by a real {@code bin/agent run} to a real hub: registration from the page, "connected",
 * a job from the box office appearing with its events, a state-changing request without the
 * secret refused, and the reason shown when the hub is gone. Screenshots of both states go to
 * {@code it/target/ui/} (the ones in docs/ui/ are copies).
 */
class StatusPageTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Chromium's start plus a hub connection on a loaded machine. */
    static final double WAIT_MS = Cloud.START.toMillis();

    @TempDir
    Path dir;

    @Test
    void thePageRegistersTheAgentShowsItConnectedWithItsJobsAndWhyItIsNotWhenTheHubIsGone() throws Exception {
        PlaywrightAssertions.setDefaultAssertionTimeout(WAIT_MS);
        Path shots = Programs.HOME.resolve("it/target/ui");
        Files.createDirectories(shots);
        try (Cloud cloud = new Cloud(dir, List.of(), List.of());
             Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            String site = cloud.createSite("Main hall");
            String code = cloud.registrationCode(site);
            Path agentDir = cloud.agentDir("agent");
            int port = LowPorts.free();
            // not registered yet: no hub in agent.json, only where the page is served
            ObjectNode json = (ObjectNode) Cloud.JSON.readTree(Files.readString(agentDir.resolve("agent.json")));
            json.remove("hub");
            json.put("ui_listen", "127.0.0.1:" + port);
            Files.writeString(agentDir.resolve("agent.json"), json.toString());
            cloud.startAgent(agentDir);
            Programs.awaitListening(port);

            try (BrowserContext browser = chromium(pw, dir.resolve("browser"))) {
                Page page = browser.newPage();
                page.navigate("http://127.0.0.1:" + port + "/");
                assertThat(page.locator("#headline")).hasText("not registered");
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("not-registered.png")).setFullPage(true));
                page.locator("input[name=hub]").fill(cloud.hubUrl());
                page.locator("input[name=code]").fill(code);
                page.locator("#register-form button").click();
                assertThat(page.locator("#register-result")).hasText("registered as site " + site);

                assertThat(page.locator("#headline")).hasText("connected to the hub");
                assertThat(page.locator("#connection")).hasClass("light-green");
                assertThat(page.locator("#register")).isHidden();
                assertThat(page.locator("#version")).containsText("version ");
                cloud.awaitConnected(site);

                String job = cloud.pay(site, 1250, "UI-1");
                Locator row = page.locator("#jobs li[data-job='" + job + "']");
                assertThat(row.locator(".job-state")).hasText("done");
                assertThat(row.locator(".job-events")).containsText("received");
                assertThat(page.locator("#last-heard")).not().hasText("never");

                // the page's own origin without the secret: refused
                Object refused = page.evaluate("fetch('/register', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                        + " body: JSON.stringify({hub: 'http://127.0.0.1:1', code: 'X'})}).then(r => r.status)");
                assertThat(((Number) refused).intValue()).isEqualTo(403);
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("connected.png")).setFullPage(true));

                cloud.killHub();
                assertThat(page.locator("#headline")).hasText("not connected to the hub");
                assertThat(page.locator("#connection")).hasClass("light-red");
                assertThat(page.locator("#detail")).containsText(Pattern.compile("connection refused|closed the stream"));
                assertThat(page.locator("#detail")).containsText("trying again in");
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("disconnected.png")).setFullPage(true));
            }
        }
    }

    /** Debian's chromium, headless, with its own HOME and profile, in UTC and English for steady screenshots. */
    static BrowserContext chromium(Playwright pw, Path home) throws Exception {
        Files.createDirectories(home);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOME", home.toString());
        return pw.chromium().launchPersistentContext(home.resolve("profile"), new BrowserType.LaunchPersistentContextOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true).setEnv(env).setTimezoneId("UTC").setLocale("en-GB")
                .setViewportSize(1000, 760)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }
}
