package tillbridge.agent.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hp.jipp.encoding.Resolution;
import com.hp.jipp.encoding.ResolutionUnit;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.IppEvePrinter;

/** A printer that takes PWG raster and no PDF (ippeveprinter -f image/pwg-raster) gets a PDF rasterised. */
class PwgRasterTest {
    @TempDir Path dir;
    IppEvePrinter eve;
    IppPrinter printer;

    @BeforeEach
    void start() throws Exception {
        eve = new IppEvePrinter(dir, true, "image/pwg-raster");
        printer = (IppPrinter) Printer.open(new PrinterConfig("a4", PrinterAddress.parse(eve.uri()), 576), IppPrinterTest.FAST);
        await().atMost(Duration.ofSeconds(20)).until(() -> printer.state().status() == PrinterState.Status.IDLE);
    }

    @AfterEach
    void stop() throws Exception {
        eve.close();
    }

    @Test
    void aPdfReachesAPrinterWithoutPdfAsPwgRasterOfEveryPage() throws Exception {
        PrintOutcome outcome = printer.print(new PrintJob("job-pwg", Document.of("application/pdf", Pdfs.onePage())));

        assertThat(outcome).isInstanceOf(PrintOutcome.Done.class);
        byte[] spooled;
        try (Stream<Path> files = Files.walk(eve.spool)) {
            spooled = Files.readAllBytes(files.filter(f -> f.getFileName().toString().endsWith(".pwg")).findFirst().orElseThrow());
        }
        // jipp's PwgReader leans on a JDK-internal class that is gone: the header is read here (PWG 5102.4)
        ByteBuffer b = ByteBuffer.wrap(spooled);
        assertThat(new String(spooled, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RaS2");
        int header = 4;
        // the 226 x 100 pt page at 300 dpi, 8-bit gray: the printer lists black_1 and sgray_8, 300 and 600 dpi
        assertThat(b.getInt(header + 276)).as("HWResolution").isEqualTo(300);
        int width = b.getInt(header + 372);
        assertThat(width).as("cupsWidth").isEqualTo(226 * 300 / 72);
        assertThat(b.getInt(header + 376)).as("cupsHeight").isEqualTo(100 * 300 / 72);
        assertThat(b.getInt(header + 388)).as("cupsBitsPerPixel").isEqualTo(8);
        int data = header + 1796;
        // first row: a line-repeat byte, then a run (control byte < 128) of black pixels (the bar across the top)
        assertThat(spooled[data + 1] & 0xFF).isLessThan(128);
        assertThat(spooled[data + 2]).isEqualTo((byte) 0);
        int pages = 0;
        for (int i = 0; i + 4 <= spooled.length; i++) if (spooled[i] == 'P' && new String(spooled, i, 4, StandardCharsets.US_ASCII).equals("PwgR")) pages++;
        assertThat(pages).as("pages (each header starts with its PwgRaster media class)").isEqualTo(1);
    }

    @Test
    void aTextReceiptIsRejectedByAPrinterThatTakesOnlyRaster() {
        PrintOutcome outcome = printer.print(new PrintJob("job-text", Document.text("Paragon\n")));

        assertThat(outcome).isInstanceOf(PrintOutcome.Failed.class);
        assertThat(outcome.reason()).startsWith("rejected format").contains("image/pwg-raster");
    }

    @Test
    void theResolutionIs300DpiWhenListedElseTheLowestListed() {
        Resolution r300 = new Resolution(300, 300, ResolutionUnit.dotsPerInch);
        Resolution r600 = new Resolution(600, 600, ResolutionUnit.dotsPerInch);
        Resolution r203 = new Resolution(203, 203, ResolutionUnit.dotsPerInch);

        assertThat(PwgRaster.dpi(List.of(r600, r300))).isEqualTo(300);
        assertThat(PwgRaster.dpi(List.of(r600, r203))).isEqualTo(203);
        assertThat(PwgRaster.dpi(List.of())).isEqualTo(300);
    }
}
