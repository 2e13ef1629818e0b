package tillbridge.agent.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tillbridge.common.testing.LowPorts;

class SocketPrinterTest {
    static final PrintTimeouts FAST = new PrintTimeouts(Duration.ofSeconds(3), Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofMillis(50));
    static final String POLISH = "Zażółć gęślą jaźń ZAŻÓŁĆ GĘŚLĄ JAŹŃ";

    @Test
    void aReceiptArrivesAsEscPosInCodePage852WithACut() throws Exception {
        try (ServerSocket server = LowPorts.loopback(1)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> capture(server, -1));

            PrintOutcome outcome = printer(server).print(new PrintJob("job-1", Document.text("Bilet 1\n" + POLISH)));

            assertThat(outcome).isInstanceOf(PrintOutcome.Done.class);
            byte[] bytes = received.get(10, TimeUnit.SECONDS);
            String wire = new String(bytes, Charset.forName("CP852"));
            assertThat(bytes).startsWith(0x10, 0x04, 0x04, 0x1B, 0x40); // the status query, then ESC @
            assertThat(wire).contains("\u001Bt\u0012"); // ESC t 18: PC852
            assertThat(wire).contains(POLISH + "\n");
            assertThat(wire).endsWith("\u001DV0"); // GS V 48: full cut
        }
    }

    @Test
    void aPrinterAnsweringPaperEndFailsTheJobOutOfPaperAndGetsNoDocument() throws Exception {
        try (ServerSocket server = LowPorts.loopback(1)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> capture(server, 0x12 | 0x60));

            PrintOutcome outcome = printer(server).print(new PrintJob("job-2", Document.text(POLISH)));

            assertThat(outcome).isEqualTo(new PrintOutcome.Failed("out of paper"));
            assertThat(received.get(10, TimeUnit.SECONDS)).containsExactly(0x10, 0x04, 0x04);
        }
    }

    @Test
    void aPdfIsRasterisedToGsV0() throws Exception {
        try (ServerSocket server = LowPorts.loopback(1)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> capture(server, 0x12));

            PrintOutcome outcome = printer(server).print(new PrintJob("job-3", Document.of("application/pdf", Pdfs.onePage())));

            assertThat(outcome).isInstanceOf(PrintOutcome.Done.class);
            String wire = new String(received.get(10, TimeUnit.SECONDS), Charset.forName("ISO-8859-1"));
            assertThat(wire).contains("\u001Dv0\u0000" + (char) (576 / 8) + "\u0000"); // GS v 0, 72 bytes a row
            assertThat(wire).endsWith("\u001DV0");
        }
    }

    @Test
    void rawBytesPassThroughUntouched() throws Exception {
        byte[] raw = {0x1B, 0x40, 'h', 'i', 0x0A, (byte) 0xFF};
        try (ServerSocket server = LowPorts.loopback(1)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> capture(server, -1));

            printer(server).print(new PrintJob("job-4", Document.of("application/octet-stream", raw)));

            assertThat(received.get(10, TimeUnit.SECONDS)).containsExactly(0x10, 0x04, 0x04, 0x1B, 0x40, 'h', 'i', 0x0A, 0xFF);
        }
    }

    @Test
    void aClosedPortFailsTheJobOfflineAndShowsOffline() throws Exception {
        int port = LowPorts.free();
        Printer p = Printer.open(new PrinterConfig("bar", PrinterAddress.parse("socket://127.0.0.1:" + port), 576), FAST);

        PrintOutcome outcome = p.print(new PrintJob("job-5", Document.text("x")));

        assertThat(outcome).isInstanceOf(PrintOutcome.Failed.class);
        assertThat(outcome.reason()).startsWith("offline");
        assertThat(p.state().reasons()).contains("offline");
    }

    @Test
    void aPrinterThatAnswersPaperNearEndShowsMediaLow() throws Exception {
        try (ServerSocket server = LowPorts.loopback(1)) {
            CompletableFuture.supplyAsync(() -> capture(server, 0x12 | 0x0C));

            assertThat(printer(server).state()).isEqualTo(new PrinterState(PrinterState.Status.IDLE, java.util.List.of("media-low")));
        }
    }

    private static Printer printer(ServerSocket server) {
        return Printer.open(new PrinterConfig("bar", PrinterAddress.parse("socket://127.0.0.1:" + server.getLocalPort()), 576), FAST);
    }

    /** Accepts one connection, answers the status query with {@code status} (none if negative), returns all it read. */
    private static byte[] capture(ServerSocket server, int status) {
        try (Socket s = server.accept()) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (int i = 0; i < 3; i++) got.write(in.read());
            if (status >= 0) s.getOutputStream().write(status);
            in.transferTo(got);
            return got.toByteArray();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
