package tillbridge.agent.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void aReceiptPrinterWithALogoPrintsItsRasterCentredBeforeTheTextAndScalesAWideOneToThePaper(@TempDir Path dir) throws Exception {
        for (int width : new int[] {64, 1200}) {
            Path logo = logo(dir, width, 16);
            try (ServerSocket server = LowPorts.loopback(1)) {
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> capture(server, 0x12));
                Printer p = Printer.open(new PrinterConfig("bar", PrinterAddress.parse("socket://127.0.0.1:" + server.getLocalPort()), 384,
                        Optional.empty(), Optional.of(logo)), FAST);

                assertThat(p.print(new PrintJob("job-logo", Document.text("Bilet 1\n" + POLISH)))).isInstanceOf(PrintOutcome.Done.class);

                String wire = new String(received.get(10, TimeUnit.SECONDS), Charset.forName("CP852"));
                int rowBytes = Math.min(width, 384) / 8;
                int raster = wire.indexOf("\u001Dv0\u0000" + (char) rowBytes + "\u0000");
                assertThat(raster).as("GS v 0 of a %d-dot logo, %d bytes a row", width, rowBytes).isPositive();
                assertThat(wire.substring(raster - 3, raster)).as("centred: ESC a 1").isIn("\u001Ba\u0001", "\u001Ba1");
                int left = Math.max(wire.indexOf("\u001Ba\u0000", raster), wire.indexOf("\u001Ba0", raster));
                assertThat(left).as("then left again: ESC a 0").isGreaterThan(raster);
                assertThat(wire.indexOf("Bilet 1\n")).as("the text after the logo, left").isGreaterThan(left);
                assertThat(wire).contains(POLISH + "\n").endsWith("\u001DV0");
            }
        }
    }

    /** A black-framed white PNG of {@code width} x {@code height} in {@code dir}. */
    static Path logo(Path dir, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.drawRect(0, 0, width - 1, height - 1);
        g.dispose();
        Path file = dir.resolve("logo-" + width + ".png");
        ImageIO.write(image, "png", file.toFile());
        return file;
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
