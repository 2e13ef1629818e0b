package tillbridge.agent.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.IppEvePrinter;

/** ipps:// to ippeveprinter's TLS (a self-signed certificate it makes), trusted per printer through ca_file. */
class IppsPrinterTest {
    @TempDir Path dir;
    IppEvePrinter eve;

    @BeforeEach
    void start() throws Exception {
        eve = new IppEvePrinter(dir, true);
        IppPrinter plain = open(Optional.empty(), eve.uri());
        await().atMost(Duration.ofSeconds(20)).until(() -> plain.state().status() == PrinterState.Status.IDLE);
    }

    @AfterEach
    void stop() throws Exception {
        eve.close();
    }

    private IppPrinter open(Optional<Path> caFile, String uri) {
        return (IppPrinter) Printer.open(new PrinterConfig("secure", PrinterAddress.parse(uri), 576, caFile, Optional.empty()), IppPrinterTest.FAST);
    }

    @Test
    void aCertificateNoCaFileVouchesForFailsTheJobNamingItsIssuer() {
        PrintOutcome outcome = open(Optional.empty(), eve.ippsUri()).print(new PrintJob("job-tls-1", Document.text("x\n")));

        assertThat(outcome).isInstanceOf(PrintOutcome.Failed.class);
        assertThat(outcome.reason()).startsWith("not trusted: printer secure").containsPattern("issued by [^ ]*CN=localhost")
                .contains("not trusted by the JVM's trust store (give the printer a ca_file)");
    }

    @Test
    void thePrintersOwnCertificatePinnedAsItsCaFilePrintsOverTls() throws Exception {
        open(Optional.empty(), eve.ippsUri()).state(); // the first TLS connection makes ippeveprinter write its certificate
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(eve.certificate()));
        byte[] pdf = Pdfs.onePage();

        IppPrinter pinned = open(Optional.of(eve.certificate()), eve.ippsUri());
        PrintOutcome outcome = pinned.print(new PrintJob("job-tls-2", Document.of("application/pdf", pdf)));

        assertThat(outcome).isInstanceOf(PrintOutcome.Done.class);
        assertThat(pinned.findJob("job-tls-2")).get().isInstanceOf(PrintOutcome.Done.class);
    }
}
