package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.print.PrintTimeouts;
import tillbridge.agent.print.PrinterAddress;
import tillbridge.agent.print.PrinterConfig;
import tillbridge.common.testing.LowPorts;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobRequest;

/** The printers' part of the status the agent posts to the hub: each printer's latest job and what it last said of itself. */
class PrinterStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void aPrinterOutOfPaperShowsStoppedWithItsReasonAfterTheJobInTheStatusAndInTheJobsEvents() throws Exception {
        try (ServerSocket printer = LowPorts.loopback(1); JobJournal journal = JobJournal.open(dir, Clock.systemUTC())) {
            // a receipt printer that answers the paper status query "paper end" (0x12 | 0x60)
            CompletableFuture.runAsync(() -> {
                try (Socket s = printer.accept(); InputStream in = s.getInputStream()) {
                    in.readNBytes(3);
                    s.getOutputStream().write(0x72);
                    s.getOutputStream().flush();
                    in.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            AgentConfig config = new AgentConfig(URI.create("http://127.0.0.1:9"), Optional.empty(), Duration.ofSeconds(30), List.of(),
                    List.of(new PrinterConfig("bar", PrinterAddress.parse("socket://127.0.0.1:" + printer.getLocalPort()), 576),
                            new PrinterConfig("spare", PrinterAddress.parse("socket://127.0.0.1:9"), 576)));
            List<JobEvent.Progress> posted = new CopyOnWriteArrayList<>();
            Prints prints = new Prints(config, journal, new AgentEvents() {}, PrintTimeouts.DEFAULTS, id -> null, Time.SYSTEM,
                    (j, e) -> posted.add(e));
            AtomicInteger changes = new AtomicInteger();
            prints.onChange(changes::incrementAndGet);
            journal.received("job_s1", "print", JSON.createObjectNode().put("type", "print").put("content", "Bilet").put("encoding", "text").put("content_type", "text/plain"));

            JobRecord job = journal.job("job_s1").orElseThrow();
            prints.print(job, (JobRequest.Print) JobJson.request(job.request()), config.printers().getFirst());

            JsonNode bar = prints.status().get(0);
            assertThat(bar.get("state").asText()).isEqualTo("failed");
            assertThat(bar.get("reason").asText()).isEqualTo("out of paper");
            assertThat(bar.has("at")).isTrue();
            assertThat(bar.get("printer_state").asText()).isEqualTo("stopped");
            assertThat(bar.get("printer_reasons").get(0).asText()).isEqualTo("media-empty");
            assertThat(changes).hasValue(1);
            assertThat(posted).containsExactly(new JobEvent.Progress.PrintSending("bar"),
                    new JobEvent.Progress.PrinterStatus("bar", JobEvent.PrinterCondition.STOPPED, List.of("media-empty")));
            JsonNode spare = prints.status().get(1);
            assertThat(spare.get("state").asText()).isEqualTo("not used yet");
            assertThat(spare.has("printer_state")).as("never asked, so nothing known").isFalse();
        }
    }
}
