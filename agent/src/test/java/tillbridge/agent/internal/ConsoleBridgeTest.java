package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.internal.JobRecord.Stage;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobJson;
import tillbridge.ecr.EcrOptions;
import tillbridge.ecr.OperatorConsole;

/** A terminal asks the operator a question mid-payment: it goes to the box office as a prompt; the answer comes back as K0. */
class ConsoleBridgeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String run(String answer) throws Exception {
        try (FakeTerminal terminal = new FakeTerminal(0, "Signature OK?"); FakeHub hub = new FakeHub()) {
            AgentConfig config = new AgentConfig(URI.create("http://127.0.0.1"), Optional.empty(), Duration.ofSeconds(120),
                    List.of(new AgentConfig.TerminalSpec("T1", "127.0.0.1", terminal.port(), "KASA-01")), List.of());
            try (JobJournal j = JobJournal.open(dir.resolve(answer), Clock.systemUTC());
                 Uplink up = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
                 Jobs jobs = new Jobs(config, j, up, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO, Time.SYSTEM)) {
                jobs.offer(JSON.readTree("{\"id\":\"job_c\",\"type\":\"payment\",\"request\":{\"type\":\"payment\",\"amount\":1200,\"currency\":\"PLN\",\"reference\":\"r\"}}"), 1);
                FakeHub.Call prompt;
                do {
                    prompt = hub.take("/agent/v1/jobs/job_c/events", Duration.ofSeconds(20));
                } while (!prompt.body().contains("console-1"));
                assertThat(prompt.body()).contains("\"type\":\"prompt\"").contains("\"kind\":\"question\"").contains("Signature OK?")
                        .contains("\"answers\":[\"yes\",\"no\",\"cancel\"]");
                jobs.answer(JSON.readTree("{\"job_id\":\"job_c\",\"prompt\":\"console-1\",\"answer\":\"" + answer + "\"}"));
                await().atMost(Duration.ofSeconds(20)).until(() -> j.job("job_c").orElseThrow().stage() == Stage.POSTED);
                assertThat(terminal.k0()).hasSize(3);
                return j.job("job_c").orElseThrow().result().orElseThrow().state().wire() + " " + terminal.k0().get(1);
            }
        }
    }

    @Test
    void yesFromTheBoxOfficeIsK0OneAndThePaymentGoesOn() throws Exception {
        assertThat(run("yes")).isEqualTo("done 0/1");
    }

    @Test
    void noIsK0ZeroAndCancelIsK0One() throws Exception {
        assertThat(run("no")).isEqualTo("failed 0/0");
        assertThat(run("cancel")).isEqualTo("failed 1/");
    }

    @Test
    void aCardNumberOnTheTerminalsDisplayOrInItsQuestionLeavesMasked() throws Exception {
        List<JobEvent.Progress> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
        AgentEvents seen = new AgentEvents() {
            @Override
            public void jobEvent(String jobId, com.fasterxml.jackson.databind.JsonNode event) {
                shown.add(JobJson.progress(event));
            }
        };
        ConsoleBridge.Pending pending = new ConsoleBridge.Pending();
        try (JobJournal j = JobJournal.open(dir, Clock.systemUTC()); Uplink up = new Uplink(null, j, seen)) {
            ConsoleBridge console = new ConsoleBridge(() -> Optional.of("local-1"), up, pending, Duration.ofMillis(50));
            console.display("Card 4111111111111111", 5);
            try {
                console.question("Is 5500000000000004 yours?");
            } catch (OperatorConsole.TimedOut expected) {
                // nobody answers here
            }
        }
        assertThat(shown).containsExactly(new JobEvent.Progress.TerminalDisplay("Card 411111******1111", 5),
                new JobEvent.Progress.Prompt("console-1", Optional.of("question"), "Is 550000******0004 yours?", List.of("yes", "no", "cancel"),
                        OptionalInt.empty(), OptionalInt.empty()));
    }
}
