package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;

/**
 * The agent's tray icon on a real X desktop: Xvfb with Debian's {@code trayer} as the tray host,
 * and a real {@code bin/agent run} given that display. The icon is a green dot while the agent is
 * connected and turns red when the hub goes away, seen in screenshots of the screen (copied to
 * docs/ui/). Its menu's one item, chosen with real clicks (XTEST) on the icon and then on the
 * popup menu, opens the status page in {@code $BROWSER}. Without a display (every other test's
 * agent) there is no icon and no complaint.
 */
class TrayIconTest {
    static final int GREEN = 0x1f9d45;
    static final int RED = 0xc62828;

    @TempDir
    Path dir;
    private final List<Process> desktop = new ArrayList<>();

    @AfterEach
    void stopDesktop() throws InterruptedException {
        for (Process p : desktop.reversed()) Programs.stop(p);
    }

    @Test
    void theTrayIconIsGreenWhileConnectedAndRedWhenTheHubIsGone() throws Exception {
        String display = desktop("320x48x24");
        Path shots = Programs.HOME.resolve("it/target/ui");
        Files.createDirectories(shots);
        try (Cloud cloud = new Cloud(dir, List.of(), List.of())) {
            String site = cloud.createSite("Tray");
            Path agentDir = cloud.registered(site, cloud.agentDir("agent"));
            ObjectNode json = (ObjectNode) Cloud.JSON.readTree(Files.readString(agentDir.resolve("agent.json")));
            json.put("ui_listen", "127.0.0.1:" + LowPorts.free()); // the tray comes with the page it opens
            Files.writeString(agentDir.resolve("agent.json"), json.toString());
            List<String> command = Programs.command("agent", "run", "--config-dir", agentDir.toString());
            ProcessBuilder agent = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()));
            agent.environment().put("DISPLAY", display);
            desktop.add(agent.start());
            cloud.awaitConnected(site);

            Path log = dir.resolve("agent.log");
            awaitColour(display, GREEN, shots.resolve("tray-connected.png"), log);
            cloud.killHub();
            awaitColour(display, RED, shots.resolve("tray-disconnected.png"), log);
            assertThat(Programs.read(dir.resolve("agent.log"))).doesNotContainIgnoringCase("tray");
        }
    }

    @Test
    void theMenusOpenItemOpensTheStatusPageInTheBrowser() throws Exception {
        String display = desktop("320x240x24"); // room below the tray for the menu
        Path opened = dir.resolve("opened.txt");
        Path browser = dir.resolve("browser");
        Files.writeString(browser, "#!/bin/sh\necho \"$1\" >> '" + opened + "'\n");
        browser.toFile().setExecutable(true);
        // not registered: the page and its icon are there before registration too, no hub needed
        Path agentDir = dir.resolve("agent");
        Files.createDirectories(agentDir);
        int ui = LowPorts.free();
        Files.writeString(agentDir.resolve("agent.json"), "{\"ui_listen\": \"127.0.0.1:" + ui + "\"}\n");
        ProcessBuilder agent = new ProcessBuilder(Programs.command("agent", "run", "--config-dir", agentDir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
        agent.environment().put("DISPLAY", display);
        agent.environment().put("BROWSER", browser.toString());
        desktop.add(agent.start());

        int[] icon = awaitWindow(display, "JavaEmbeddedFrame", dir.resolve("agent.log"));
        click(display, icon[0] + icon[2] / 2, icon[1] + icon[3] / 2, 3); // the right button: the menu
        int[] menu = awaitWindow(display, "sun-awt-X11-XPopupMenuPeer", dir.resolve("agent.log"));
        click(display, menu[0] + menu[2] / 2, menu[1] + menu[3] / 2, 1); // its one item
        await().atMost(Duration.ofSeconds(30)).until(() -> Programs.read(opened).lines().toList(), l -> !l.isEmpty());
        assertThat(Programs.read(opened).lines().toList()).containsExactly("http://127.0.0.1:" + ui + "/");
    }

    /** Xvfb with a screen of {@code geometry} (WxHxDEPTH) and trayer's tray at its top right; returns the display, {@code :N}. */
    private String desktop(String geometry) throws Exception {
        Process x = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", geometry, "-nolisten", "tcp")
                .redirectError(dir.resolve("xvfb.log").toFile()).start();
        desktop.add(x);
        BufferedReader out = new BufferedReader(new InputStreamReader(x.getInputStream(), StandardCharsets.US_ASCII));
        String display = ":" + out.readLine().strip(); // Xvfb picks a free number and says which
        ProcessBuilder trayer = new ProcessBuilder("trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "120",
                "--height", "40", "--tint", "0xffffff").redirectErrorStream(true).redirectOutput(dir.resolve("trayer.log").toFile());
        trayer.environment().put("DISPLAY", display);
        desktop.add(trayer.start());
        return display;
    }

    /** Waits for a window of the X class {@code name} (as xwininfo shows it); returns its x, y, width and height on the screen. */
    private int[] awaitWindow(String display, String name, Path agentLog) {
        Pattern geometry = Pattern.compile("\"" + Pattern.quote(name) + "\":.*?\\s(\\d+)x(\\d+)[+-]-?\\d+[+-]-?\\d+\\s+\\+(-?\\d+)\\+(-?\\d+)");
        int[][] found = new int[1][];
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Run tree = Run.of(dir, 30, List.of("xwininfo", "-display", display, "-root", "-tree"));
                Matcher m = geometry.matcher(tree.out());
                found[0] = m.find() ? new int[] {Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(1)),
                        Integer.parseInt(m.group(2))} : null;
                return found[0] != null;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + name + " window on " + display + "; agent log:\n" + Programs.read(agentLog), e);
        }
        return found[0];
    }

    private static void click(String display, int x, int y, int button) throws Exception {
        helper(display, ScreenClick.class, Integer.toString(x), Integer.toString(y), Integer.toString(button));
    }

    /** Takes screenshots until one shows {@code rgb} (the icon's dot); keeps the last one. */
    private void awaitColour(String display, int rgb, Path png, Path agentLog) {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                grab(display, png);
                return pixels(ImageIO.read(png.toFile()), rgb) > 50;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no #" + Integer.toHexString(rgb) + " icon in " + png + "; agent log:\n" + Programs.read(agentLog), e);
        }
    }

    private static void grab(String display, Path png) throws Exception {
        helper(display, ScreenGrab.class, png.toString());
    }

    /** Runs {@code main} of one of the tests' X helpers in a JVM of its own, on {@code display}. */
    private static void helper(String display, Class<?> main, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", classes, main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).inheritIO();
        b.environment().put("DISPLAY", display);
        if (b.start().waitFor() != 0) throw new AssertionError(main.getSimpleName() + " " + String.join(" ", args) + " failed");
    }

    private static int pixels(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
        }
        return n;
    }
}
