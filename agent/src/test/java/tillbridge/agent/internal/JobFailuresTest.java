package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentConfig.TerminalSpec;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.internal.JobRecord.PaymentRef;
import tillbridge.agent.internal.JobRecord.Stage;
import tillbridge.common.testing.LowPorts;
import tillbridge.ecr.EcrOptions;
import tillbridge.contract.JobResult;
import tillbridge.contract.JobState;
import tillbridge.contract.Outcome;

/** A job whose step throws ends failed or unknown, never stays running; payment callbacks journal off ecr's thread. */
class JobFailuresTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final IllegalStateException DEFECT = new IllegalStateException("defect");

    @TempDir
    Path dir;

    private static JobRecord job(String type, Stage stage, Optional<PaymentRef> p, Optional<JobResult> r) {
        return new JobRecord("job_1", type, JSON.createObjectNode(), stage, p, r, Optional.empty(), T0);
    }

    @Test
    void aStepThatThrowsBeforeAnythingCanHaveLeftIsFailed() {
        for (String type : List.of("payment", "print")) {
            JobResult r = Jobs.broken(job(type, Stage.RECEIVED, Optional.empty(), Optional.empty()), DEFECT);
            assertThat(r.state()).as(type).isEqualTo(JobState.FAILED);
            assertThat(r.message()).contains("could not run", "defect", "nothing was sent");
        }
    }

    @Test
    void aStepThatThrowsOnceTheS1MayHaveLeftIsUnknownAndNamesThePayment() {
        PaymentRef ref = new PaymentRef("T1", "KASA-01", "TBREF");
        for (Stage s : List.of(Stage.S1_PENDING, Stage.S1_SENT)) {
            JobRecord j = job("payment", s, Optional.of(ref), Optional.empty());
            JobResult r = Jobs.broken(j, DEFECT);
            assertThat(r.state()).as(s.wire()).isEqualTo(JobState.UNKNOWN);
            assertThat(r.reference().orElseThrow()).isEqualTo("TBREF");
            assertThat(Recovery.stillAsking(j.withResult(r, T0))).as("the terminal is asked about it").isTrue();
        }
    }

    @Test
    void aStepThatThrowsWhileTheDocumentMayHavePrintedIsUnknown() {
        JobResult r = Jobs.broken(job("print", Stage.PRINT_SENDING, Optional.empty(), Optional.empty()), DEFECT);
        assertThat(r.state()).isEqualTo(JobState.UNKNOWN);
        assertThat(r.message()).contains("check the printout");
    }

    @Test
    void aResultAlreadyJournaledStands() {
        JobResult done = JobResult.of(Outcome.APPROVED, "approved");
        assertThat(Jobs.broken(job("payment", Stage.RESULT, Optional.empty(), Optional.of(done)), DEFECT)).isEqualTo(done);
    }

    /** The step throws while the terminal is down (its wait between tries breaks): the job ends failed and is posted. */
    @Test
    void aPaymentJobWhoseStepThrowsIsPostedFailedNotLeftRunning() throws Exception {
        VirtualTime time = new VirtualTime(Instant.now());
        time.onSleep(n -> {
            throw new IllegalStateException("clock defect");
        });
        try (FakeHub hub = new FakeHub();
             JobJournal j = JobJournal.open(dir, time.clock());
             Uplink uplink = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
             Jobs jobs = new Jobs(config(LowPorts.free()), j, uplink, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO, time)) {
            jobs.offer(payment("job_x"), 1);

            await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_x").orElseThrow().stage() == Stage.POSTED);
            JobResult r = j.job("job_x").orElseThrow().result().orElseThrow();
            assertThat(r.state()).isEqualTo(JobState.FAILED);
            assertThat(r.message()).contains("clock defect", "nothing was sent");
        }
    }

    /** "S1 sent" is journaled (an fsync) by the job's lane, not by ecr's session thread, which must keep serving the link. */
    @Test
    void theS1SentRecordIsJournaledOnTheJobsLaneNotOnTheSessionThread() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        AgentEvents events = new AgentEvents() {
            @Override
            public void paymentSent(String jobId, String reference) {
                threads.add(Thread.currentThread().getName());
            }
        };
        try (FakeTerminal terminal = new FakeTerminal(0);
             FakeHub hub = new FakeHub();
             JobJournal j = JobJournal.open(dir, java.time.Clock.systemUTC());
             Uplink uplink = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, events);
             Jobs jobs = new Jobs(config(terminal.port()), j, uplink, events, EcrOptions.DEFAULT, Duration.ZERO, Time.SYSTEM)) {
            jobs.offer(payment("job_s"), 1);

            await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_s").orElseThrow().stage() == Stage.POSTED);
            assertThat(j.job("job_s").orElseThrow().result().orElseThrow().state().wire()).isEqualTo("done");
            assertThat(threads).singleElement().asString().startsWith("lane-T1");
        }
    }

    private static JsonNode payment(String id) throws IOException {
        return JSON.readTree("{\"id\":\"" + id + "\",\"type\":\"payment\",\"request\":{\"type\":\"payment\",\"amount\":1200,\"currency\":\"PLN\",\"reference\":\"r\"}}");
    }

    private static AgentConfig config(int port) {
        return new AgentConfig(URI.create("http://127.0.0.1"), Optional.empty(), Duration.ofSeconds(120),
                List.of(new TerminalSpec("T1", "127.0.0.1", port, "KASA-01")), List.of(), Duration.ofSeconds(120), AgentConfig.RECOVERY_DEADLINE_DEFAULT);
    }
}
