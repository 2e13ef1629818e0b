package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The named-pipe layout: ui, payment and storage out and device in on four FIFOs, read by two
 * separate programs, a GUI (ui only) and the terminal software (payment and storage; it answers
 * on device). The ECR CLI pays through frob ({@code ecr --exec}).
 */
class NamedPipesTest {
    @TempDir
    Path dir;
    private Process gui;
    private Process terminal;

    @AfterEach
    void stop() throws Exception {
        Programs.stop(gui);
        Programs.stop(terminal);
    }

    @Test
    void guiAndTerminalSoftwareEachReadTheirOwnFifosAndAPaymentCompletes() throws Exception {
        Path ui = dir.resolve("ui"), payment = dir.resolve("payment"), storage = dir.resolve("storage"), device = dir.resolve("device");
        Programs.mkfifo(ui, payment, storage, device);
        Path guiOut = dir.resolve("gui.txt"), terminalOut = dir.resolve("terminal.txt");
        gui = Programs.start(dir.resolve("gui.log"), List.of("python3", Programs.script("fifo_gui.py"), ui.toString(), guiOut.toString(), dir.resolve("gui.ready").toString()));
        terminal = Programs.start(dir.resolve("terminal.log"), List.of("python3", Programs.script("fifo_terminal.py"),
                payment.toString(), storage.toString(), device.toString(), terminalOut.toString(), dir.resolve("terminal.ready").toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("gui.ready")) && Files.exists(dir.resolve("terminal.ready")));

        String frob = Programs.bin("frob") + " --ui path:" + ui + " --payment path:" + payment + " --storage path:" + storage + " --device path:" + device;
        Run r = Run.of(dir, 90, List.of(Programs.bin("ecr").toString(), "--exec", frob, "pay", "12.00", "PLN", "--ref", "FIFO-PAY"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("outcome APPROVED").contains("auth_code FIFO01");
        assertThat(r.err()).contains("ui channel bound to path:" + ui).contains("payment channel bound to path:" + payment);

        // frob has exited: both readers see the end of their FIFOs and finish
        assertThat(terminal.waitFor(30, TimeUnit.SECONDS)).as(Programs.read(dir.resolve("terminal.log"))).isTrue();
        assertThat(gui.waitFor(30, TimeUnit.SECONDS)).as(Programs.read(dir.resolve("gui.log"))).isTrue();
        assertThat(terminal.exitValue()).as(Programs.read(dir.resolve("terminal.log"))).isZero();
        assertThat(gui.exitValue()).as(Programs.read(dir.resolve("gui.log"))).isZero();
        String seen = Programs.read(terminalOut);
        assertThat(seen).containsPattern("payment \\{.*\"type\":\"S1\".*FIFO-PAY")
                .containsPattern("storage \\{.*\"type\":\"S1\"")
                .containsPattern("storage \\{.*\"type\":\"S2\".*\"result\":0");
        // the GUI gets the ui channel and nothing else
        assertThat(Programs.read(guiOut).lines()).allMatch(l -> l.contains("\"channel\":\"ui\""));
    }

    @Test
    void paymentFifoWithNoReaderIsAnswered994AtOnceNotAHang() throws Exception {
        Path payment = dir.resolve("payment"), device = dir.resolve("device");
        Programs.mkfifo(payment, device);
        String frob = Programs.bin("frob") + " --payment path:" + payment + " --device path:" + device;
        Run r = Run.of(dir, 60, List.of(Programs.bin("ecr").toString(), "--exec", frob, "pay", "12.00", "PLN", "--ref", "FIFO-NOBODY"));
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.out()).contains("result 994");
        assertThat(r.err()).contains("payment channel unavailable");
    }
}
