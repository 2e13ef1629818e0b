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
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;

/**
 * The agent's status page in a real headless Chromium (Debian's, never one Playwright downloads),
 * served by a real {@code bin/agent run} to a real hub: registration from the page, "connected",
 * a job from the box office appearing with its events, a state-changing request without the
 * secret refused, an invalid terminal refused, a printer added and a test page printed on it, the
 * terminal's question answered, a test payment, the log, and the reason shown when the hub is gone. Screenshots of both states go to
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

                // an invalid terminal is refused with config check's reason, and nothing is written
                String before = Files.readString(agentDir.resolve("agent.json"));
                Locator addTerminal = page.locator("#add-terminal");
                addTerminal.locator("input[name=name]").fill("T2");
                addTerminal.locator("input[name=frob]").fill("h:70000");
                addTerminal.locator("button").click();
                assertThat(page.locator("#setup-result")).containsText("terminals[1].frob: required, HOST:PORT");
                assertThat(page.locator("#setup-result")).hasClass("error");
                assertThat(Files.readString(agentDir.resolve("agent.json"))).isEqualTo(before);

                // a printer added from the page (a raw socket that keeps what it gets), then a test page to it
                try (ServerSocket printer = LowPorts.loopback(1)) {
                    CompletableFuture<byte[]> printed = CompletableFuture.supplyAsync(() -> ReceiptsFromTheTerminalTest.capture(printer));
                    Locator addPrinter = page.locator("#add-printer");
                    addPrinter.locator("input[name=name]").fill("bar");
                    addPrinter.locator("input[name=uri]").fill("socket://127.0.0.1:" + printer.getLocalPort());
                    addPrinter.locator("button").click();
                    assertThat(page.locator("#setup-result")).containsText("saved; the agent restarted");
                    assertThat(Files.readString(agentDir.resolve("agent.json"))).contains("socket://127.0.0.1:" + printer.getLocalPort());
                    assertThat(page.locator("#headline")).hasText("connected to the hub");
                    page.locator("#printers tr[data-name=bar] button", new Page.LocatorOptions().setHasText("Test print")).click();
                    assertThat(page.locator("#setup-result")).containsText("started as job local-print-");
                    String bytes = new String(printed.get(60, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
                    assertThat(bytes).contains("tillbridge test print", "printer bar");
                    assertThat(page.locator("#jobs li[data-job^='local-print-'] .job-state")).hasText("done");
                }
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("setup.png")).setFullPage(true));

                // terminal-sim asks the ECR's operator "SIGNATURE OK?" for a .77 amount: answered yes from the page
                String signed = cloud.pay(site, 1277, "UI-SIG");
                Locator question = page.locator("#prompt-list li[data-job='" + signed + "'][data-prompt^='console-']");
                assertThat(question.locator(".prompt-text")).hasText("SIGNATURE OK? ");
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("prompt.png")).setFullPage(true));
                question.locator("button", new Locator.LocatorOptions().setHasText("yes")).click();
                assertThat(page.locator("#jobs li[data-job='" + signed + "'] .job-state")).hasText("done");
                assertThat(page.locator("#prompts")).isHidden();
                assertThat(cloud.awaitFinal(signed, Duration.ofSeconds(60)).get("state").asText()).isEqualTo("done");

                // a test payment goes to the terminal through the job path, and is aborted once the terminal took it
                page.locator("#test-payment button").click();
                Locator test = page.locator("#jobs li[data-job^='local-pay-']");
                assertThat(test.locator(".job-state")).hasText(Pattern.compile("failed|done"));
                assertThat(test.locator(".job-events")).containsText("sent to the terminal");

                page.locator("#log-details summary").click();
                assertThat(page.locator("#log")).containsText("INFO");

                cloud.killHub();
                assertThat(page.locator("#headline")).hasText("not connected to the hub");
                assertThat(page.locator("#connection")).hasClass("light-red");
                assertThat(page.locator("#detail")).containsText(Pattern.compile("connection refused|closed the stream"));
                assertThat(page.locator("#detail")).containsText("trying again in");
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("disconnected.png")).setFullPage(true));
                // no display here: no tray icon, and nothing said about it
                assertThat(Programs.read(cloud.agentLog(agentDir))).doesNotContainIgnoringCase("tray");
            }
        }
    }

    @Test
    void anUnreachableTerminalAndAnOfflinePrinterAreThePagesHeadlineWhileTheHubIsConnected() throws Exception {
        PlaywrightAssertions.setDefaultAssertionTimeout(WAIT_MS);
        Path shots = Programs.HOME.resolve("it/target/ui");
        Files.createDirectories(shots);
        try (Cloud cloud = new Cloud(dir, List.of(), List.of());
             Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            String site = cloud.createSite("Back bar");
            Path agentDir = cloud.registeredDir(site, "agent");
            int port = LowPorts.free();
            // T1 where nothing listens, and a USB printer that is not plugged in
            ObjectNode json = (ObjectNode) Cloud.JSON.readTree(Files.readString(agentDir.resolve("agent.json")));
            ((ObjectNode) json.withArray("terminals").get(0)).put("frob", "127.0.0.1:" + LowPorts.free());
            json.putArray("printers").addObject().put("name", "bar").put("uri", "file:" + dir.resolve("no-such-printer"));
            json.put("ui_listen", "127.0.0.1:" + port);
            Files.writeString(agentDir.resolve("agent.json"), json.toString());
            cloud.startAgent(agentDir);
            cloud.awaitConnected(site);

            try (BrowserContext browser = chromium(pw, dir.resolve("browser"))) {
                Page page = browser.newPage();
                page.navigate("http://127.0.0.1:" + port + "/");
                assertThat(page.locator("#headline")).hasText("terminal T1 unreachable");
                assertThat(page.locator("#connection")).hasClass("light-amber");
                assertThat(page.locator("#detail")).containsText("connection refused");
                assertThat(page.locator("#detail")).containsText("hub: connected to the hub");
                assertThat(page.locator("#unreachable li")).containsText(new String[] {"terminal T1 unreachable: ", "printer bar offline: "});
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("unreachable.png")).setFullPage(true));
            }
            assertThat(Programs.read(cloud.agentLog(agentDir))).contains("printer bar offline: ");
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
