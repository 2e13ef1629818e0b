package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.awaitility.core.ConditionTimeoutException;

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
 * docs/ui/). Without a display (every other test's agent) there is no icon and no complaint.
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
        String display = xvfb();
        ProcessBuilder trayer = new ProcessBuilder("trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "120",
                "--height", "40", "--tint", "0xffffff").redirectErrorStream(true).redirectOutput(dir.resolve("trayer.log").toFile());
        trayer.environment().put("DISPLAY", display);
        desktop.add(trayer.start());
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

    /** Starts Xvfb on a free display number (it picks one and says which); returns {@code :N}. */
    private String xvfb() throws Exception {
        Process x = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "320x48x24", "-nolisten", "tcp")
                .redirectError(dir.resolve("xvfb.log").toFile()).start();
        desktop.add(x);
        BufferedReader out = new BufferedReader(new InputStreamReader(x.getInputStream(), StandardCharsets.US_ASCII));
        return ":" + out.readLine().strip();
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(ScreenGrab.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        ProcessBuilder b = new ProcessBuilder(java, "-cp", classes, ScreenGrab.class.getName(), png.toString()).inheritIO();
        b.environment().put("DISPLAY", display);
        if (b.start().waitFor() != 0) throw new AssertionError("screenshot failed");
    }

    private static int pixels(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
        }
        return n;
    }
}
