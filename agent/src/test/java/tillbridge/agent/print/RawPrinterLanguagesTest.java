package tillbridge.agent.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tillbridge.common.testing.LowPorts;

/**
 * A document already in a ticket or receipt printer's own language goes out as it came: every
 * byte, in order, nothing added inside it, whatever the language, on raw TCP and to a device file.
 */
class RawPrinterLanguagesTest {
    /** The paper status query the agent asks a raw TCP printer before the document (DLE EOT 4). */
    static final byte[] STATUS_QUERY = {0x10, 0x04, 0x04};

    enum Language {
        /** ESC @, centred double size, a CODE128 barcode, a GS v 0 raster holding every byte value, feed and cut. */
        ESC_POS(concat(bytes(0x1B, '@', 0x1B, 'a', 1, 0x1D, '!', 0x11), ascii("Row 4 seat 12\n"),
                bytes(0x1D, 'k', 73, 10, '{', 'B', '1', '2', '3', '4', '5', '6', '7', '8'), bytes(0x1D, 'v', '0', 0, 32, 0, 8, 0),
                everyByte(), bytes(0x1B, 'd', 3, 0x1D, 'V', 'B', 0))),
        /** Star Line Mode: initialise, centre (ESC GS a 1), expanded text, a raster line (ESC GS S), partial cut (ESC d 3). */
        STAR_LINE(concat(bytes(0x1B, '@', 0x1B, 0x1D, 'a', 1, 0x1B, 'i', 1, 1), ascii("Row 4 seat 12\r\n"),
                bytes(0x1B, 0x1D, 'S', 1, 32, 0, 8, 0, 0), everyByte(), bytes(0x1B, 'd', 3))),
        /** Boca FGL: positioned text and a barcode on a ticket, then print and cut ({@code <p>}), with a form feed. */
        BOCA_FGL(concat(ascii("<RC10,20><F3><HW2,2>ROW 4 SEAT 12<RC60,20><F2>Zażółć<RC90,20><OL8><UPC>12345678901<p>"), bytes(0x0C)));

        final byte[] document;

        Language(byte[] document) {
            this.document = document;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Language.class)
    void aRawDocumentArrivesByteForByteAtARaw9100Printer(Language language) throws Exception {
        try (ServerSocket server = LowPorts.loopback(1)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> captureAnsweringPaperPresent(server));
            Printer p = Printer.open(new PrinterConfig("tickets", PrinterAddress.parse("socket://127.0.0.1:" + server.getLocalPort()), 576),
                    SocketPrinterTest.FAST);

            PrintOutcome outcome = p.print(new PrintJob("job-raw", Document.of("application/octet-stream", language.document)));

            assertThat(outcome).isInstanceOf(PrintOutcome.Done.class);
            assertThat(received.get(10, TimeUnit.SECONDS)).as("the status query, then the document untouched")
                    .isEqualTo(concat(STATUS_QUERY, language.document));
        }
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void aRawDocumentArrivesByteForByteAtADeviceFile(Language language) throws Exception {
        Path device = Files.createFile(dir.resolve("lp0"));
        Printer p = Printer.open(new PrinterConfig("usb", PrinterAddress.parse("file:" + device), 576), PrintTimeouts.DEFAULTS);

        PrintOutcome outcome = p.print(new PrintJob("job-raw", Document.of("application/octet-stream", language.document)));

        assertThat(outcome).isInstanceOf(PrintOutcome.Done.class);
        assertThat(Files.readAllBytes(device)).isEqualTo(language.document);
    }

    /** One connection: reads the status query, answers "paper present", returns everything read. */
    private static byte[] captureAnsweringPaperPresent(ServerSocket server) {
        try (Socket s = server.accept()) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            got.write(in.readNBytes(STATUS_QUERY.length));
            s.getOutputStream().write(0x12);
            in.transferTo(got);
            return got.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] everyByte() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) b[i] = (byte) i;
        return b;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) values[i];
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
