package tillbridge.agent.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrinterConfigTest {
    static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void everySchemeParsesToItsAddress() throws Exception {
        List<PrinterConfig> ps = PrinterConfig.parse(json("""
                [{"name": "tickets", "uri": "ipp://printer.local/ipp/print"},
                 {"name": "secure", "uri": "ipps://printer.local:8443/ipp/print"},
                 {"name": "office", "uri": "cups:Office_1"},
                 {"name": "bar", "uri": "socket://10.0.0.5", "paper_dots": 384},
                 {"name": "usb.1", "uri": "file:/dev/usb/lp0"}]"""));

        assertThat(ps).extracting(PrinterConfig::address).containsExactly(
                new PrinterAddress.Ipp(URI.create("ipp://printer.local/ipp/print")),
                new PrinterAddress.Ipp(URI.create("ipps://printer.local:8443/ipp/print")),
                new PrinterAddress.Ipp(URI.create("ipp://localhost:631/printers/Office_1")),
                new PrinterAddress.Socket("10.0.0.5", 9100),
                new PrinterAddress.Device(Path.of("/dev/usb/lp0")));
        assertThat(ps.get(3).paperDots()).isEqualTo(384);
        assertThat(((PrinterAddress.Ipp) ps.get(0).address()).httpUri()).isEqualTo(URI.create("http://printer.local:631/ipp/print"));
        assertThat(((PrinterAddress.Ipp) ps.get(1).address()).httpUri()).isEqualTo(URI.create("https://printer.local:8443/ipp/print"));
    }

    @Test
    void badNamesUrisAndKeysAreEachReportedWithTheirKey() {
        assertThatThrownBy(() -> PrinterConfig.parse(json("""
                [{"name": "-bad", "uri": "lpd://x/q"},
                 {"name": "a", "uri": "ipp://host"},
                 {"name": "a", "uri": "socket://h:9100/path", "colour": true},
                 {"name": "b", "uri": "file:dev/lp0", "paper_dots": 500}]""")))
                .isInstanceOfSatisfying(PrinterConfig.Invalid.class, e -> assertThat(e.problems()).containsExactly(
                        "printers[0].name: required, 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit, was \"-bad\"",
                        "printers[0].uri: unknown printer URI 'lpd://x/q'; use ipp://HOST[:PORT]/PATH, ipps://HOST[:PORT]/PATH, cups:QUEUE, socket://HOST[:PORT] or file:/DEVICE",
                        "printers[1].uri: ipp:// needs the printer's path, such as ipp://host/ipp/print, was 'ipp://host'",
                        "printers[2].colour: unknown key (allowed: ca_file, logo, name, paper_dots, uri)",
                        "printers[2].name: 'a' is used by an earlier printer; names must be unique",
                        "printers[2].uri: socket://HOST[:PORT] takes no path, was 'socket://h:9100/path'",
                        "printers[3].uri: file: needs an absolute device path such as file:/dev/usb/lp0, was 'file:dev/lp0'",
                        "printers[3].paper_dots: must be a multiple of 8 in 8..4096 (576 for 80 mm, 384 for 58 mm), was 500"));
    }

    @Test
    void aCaFileIsForIppsPrintersAndMustHoldACertificate(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "hello");
        assertThatThrownBy(() -> PrinterConfig.parse(json("""
                [{"name": "a", "uri": "ipp://h/ipp/print", "ca_file": "/etc/ssl/x.pem"},
                 {"name": "b", "uri": "ipps://h/ipp/print", "ca_file": "%s"},
                 {"name": "c", "uri": "ipps://h/ipp/print", "ca_file": "%s"}]""".formatted(dir.resolve("missing.pem"), notPem))))
                .isInstanceOfSatisfying(PrinterConfig.Invalid.class, e -> assertThat(e.problems()).satisfiesExactly(
                        p -> assertThat(p).isEqualTo("printers[0].ca_file: only an ipps:// printer has a certificate to check"),
                        p -> assertThat(p).startsWith("printers[1].ca_file: cannot read " + dir.resolve("missing.pem")),
                        p -> assertThat(p).startsWith("printers[2].ca_file: " + notPem)));
    }

    @Test
    void aLogoIsForReceiptPrintersAndMustBeAnImage(@TempDir Path dir) throws Exception {
        Path notImage = Files.writeString(dir.resolve("logo.png"), "hello");
        Path logo = SocketPrinterTest.logo(dir, 64, 16);
        assertThatThrownBy(() -> PrinterConfig.parse(json("""
                [{"name": "a", "uri": "ipp://h/ipp/print", "logo": "%s"},
                 {"name": "b", "uri": "socket://h:9100", "logo": "logo.png"},
                 {"name": "c", "uri": "socket://h:9100", "logo": "%s"},
                 {"name": "d", "uri": "file:/dev/usb/lp0", "logo": "%s"}]""".formatted(logo, notImage, dir.resolve("missing.png")))))
                .isInstanceOfSatisfying(PrinterConfig.Invalid.class, e -> assertThat(e.problems()).satisfiesExactly(
                        p -> assertThat(p).startsWith("printers[0].logo: only a receipt printer"),
                        p -> assertThat(p).startsWith("printers[1].logo: must be the absolute path"),
                        p -> assertThat(p).isEqualTo("printers[2].logo: logo " + notImage + " is not a PNG, GIF, BMP or JPEG image"),
                        p -> assertThat(p).startsWith("printers[3].logo: logo " + dir.resolve("missing.png") + " cannot be read")));
        assertThat(PrinterConfig.parse(json("[{\"name\": \"bar\", \"uri\": \"socket://h:9100\", \"logo\": \"" + logo + "\"}]")).getFirst().logo())
                .contains(logo);
    }

    @Test
    void noPrintersIsAnEmptyList() throws Exception {
        assertThat(PrinterConfig.parse(null)).isEmpty();
        assertThat(PrinterConfig.parse(json("[]"))).isEmpty();
    }

    @Test
    void aDocumentOverSixteenMebibytesIsRefused() {
        assertThatThrownBy(() -> Document.of("application/pdf", new byte[Document.MAX_BYTES + 1]))
                .hasMessageContaining("at most 16 MiB");
        assertThatThrownBy(() -> Document.of("image/png", new byte[1])).hasMessageContaining("is not printed");
    }
}
