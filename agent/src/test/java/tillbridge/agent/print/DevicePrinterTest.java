package tillbridge.agent.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevicePrinterTest {
    @TempDir Path dir;

    @Test
    void copiesOfARawDocumentAreWrittenToTheDevice() throws Exception {
        Path device = Files.createFile(dir.resolve("lp0"));
        Printer p = Printer.open(new PrinterConfig("usb", PrinterAddress.parse("file:" + device), 576), PrintTimeouts.DEFAULTS);

        PrintOutcome outcome = p.print(new PrintJob("job-1", Document.of("application/octet-stream", new byte[] {'a', 'b'}), 2, java.util.Optional.empty()));

        assertThat(outcome).isInstanceOf(PrintOutcome.Done.class);
        assertThat(Files.readAllBytes(device)).containsExactly('a', 'b', 'a', 'b');
    }

    @Test
    void aMissingDeviceFailsOfflineAndIsNotCreated() {
        Path device = dir.resolve("lp1");
        Printer p = Printer.open(new PrinterConfig("usb", PrinterAddress.parse("file:" + device), 576), PrintTimeouts.DEFAULTS);

        PrintOutcome outcome = p.print(new PrintJob("job-2", Document.text("x")));

        assertThat(outcome).isInstanceOf(PrintOutcome.Failed.class);
        assertThat(outcome.reason()).startsWith("offline");
        assertThat(device).doesNotExist();
        assertThat(p.state().reasons()).contains("offline");
    }
}
