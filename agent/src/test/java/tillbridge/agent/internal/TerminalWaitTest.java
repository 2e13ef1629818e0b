package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.agent.AgentConfig.TerminalSpec;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.internal.JobRecord.Stage;
import tillbridge.common.testing.LowPorts;
import tillbridge.contract.JobResult;
import tillbridge.contract.JobState;
import tillbridge.ecr.EcrOptions;
import tillbridge.protocol.message.Sale;

/** A payment whose S1 could not be sent waits for the terminal until its start deadline. */
class TerminalWaitTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A short outage: the job waits (1 s, 2 s; a waiting_for_terminal event each), then pays once. */
    @Test
    void aPaymentWaitsForATerminalThatIsBrieflyDownAndPaysOnce() throws Exception {
        int port = LowPorts.free();
        VirtualTime time = new VirtualTime(Instant.now());
        List<FakeTerminal> up = new CopyOnWriteArrayList<>();
        time.onSleep(n -> {
            if (n == 2) up.add(open(port));
        });
        try (FakeHub hub = new FakeHub()) {
            try (JobJournal j = JobJournal.open(dir, time.clock());
                 Uplink uplink = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
                 Jobs jobs = new Jobs(config(port, Duration.ofSeconds(120)), j, uplink, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO, time)) {
                jobs.offer(job("job_w"), 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_w").orElseThrow().stage() == Stage.POSTED);
                assertThat(j.job("job_w").orElseThrow().result().orElseThrow().state().wire()).isEqualTo("done");
            } finally {
                for (FakeTerminal t : up) t.close();
            }
            assertThat(up).singleElement().satisfies(t -> assertThat(t.s1("S")).isEqualTo(1));
            assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 2; i++) events.add(hub.take("/agent/v1/jobs/job_w/events", Duration.ofSeconds(5)).body());
            assertThat(events).allSatisfy(e -> assertThat(e).contains("\"waiting_for_terminal\"").contains("connection refused"));
        }
    }

    /** A terminal that stays down: the job fails at its start deadline, saying why; no S1 ever went out. */
    @Test
    void aPaymentFailsWhenTheTerminalStaysUnreachablePastTheStartDeadline() throws Exception {
        int dead = LowPorts.free();
        VirtualTime time = new VirtualTime(Instant.now());
        try (FakeHub hub = new FakeHub();
             JobJournal j = JobJournal.open(dir, time.clock());
             Uplink uplink = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
             Jobs jobs = new Jobs(config(dead, Duration.ofSeconds(10)), j, uplink, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO, time)) {
            jobs.offer(job("job_d"), 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_d").orElseThrow().stage() == Stage.POSTED);
            JobResult r = j.job("job_d").orElseThrow().result().orElseThrow();
            assertThat(r.state()).isEqualTo(JobState.FAILED);
            assertThat(r.message()).startsWith("terminal T1 (127.0.0.1:" + dead + ") unreachable for 10 s: connection refused");
            assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(3));
            assertThat(Recovery.stillAsking(j.job("job_d").orElseThrow())).as("nothing was sent: nothing to ask").isFalse();
        }
    }

    /** S2 994 proves the S1 never reached the payment application: a new S1 once it is back, one charge. */
    @Test
    void aPaymentAnswered994IsSentAgainWhenThePaymentApplicationIsBackAndChargedOnce() throws Exception {
        VirtualTime time = new VirtualTime(Instant.now());
        try (FakeHub hub = new FakeHub(); FakeTerminal t = new FakeTerminal(Sale.End.UNAVAILABLE)) {
            time.onSleep(n -> {
                if (n == 2) t.answer(0);
            });
            try (JobJournal j = JobJournal.open(dir, time.clock());
                 Uplink uplink = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
                 Jobs jobs = new Jobs(config(t.port(), Duration.ofSeconds(120)), j, uplink, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO, time)) {
                jobs.offer(job("job_r"), 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_r").orElseThrow().stage() == Stage.POSTED);
                assertThat(j.job("job_r").orElseThrow().result().orElseThrow().state()).isEqualTo(JobState.DONE);
            }
            assertThat(t.s1("S")).as("two S1 answered 994, then the one that paid").isEqualTo(3);
            assertThat(t.s1("C")).as("nothing to ask: 994 is not a doubt").isZero();
            assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
            String wait = "";
            for (int i = 0; i < 10 && !wait.contains("waiting_for_terminal"); i++) wait = hub.take("/agent/v1/jobs/job_r/events", Duration.ofSeconds(5)).body();
            assertThat(wait).contains("\"waiting_for_terminal\"").contains("(994)");
        }
    }

    /** A payment application that stays unavailable: the job fails at its start deadline with the 994, and nothing is asked. */
    @Test
    void aPaymentAnswered994UntilTheStartDeadlineFailsSayingSo() throws Exception {
        VirtualTime time = new VirtualTime(Instant.now());
        try (FakeHub hub = new FakeHub(); FakeTerminal t = new FakeTerminal(Sale.End.UNAVAILABLE);
             JobJournal j = JobJournal.open(dir, time.clock());
             Uplink uplink = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
             Jobs jobs = new Jobs(config(t.port(), Duration.ofSeconds(10)), j, uplink, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO, time)) {
            jobs.offer(job("job_u"), 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_u").orElseThrow().stage() == Stage.POSTED);
            JobResult r = j.job("job_u").orElseThrow().result().orElseThrow();
            assertThat(r.state()).isEqualTo(JobState.FAILED);
            assertThat(r.message()).contains("unreachable for 10 s", "payment application unavailable (994)", "nothing was sent");
            assertThat(t.s1("S")).isEqualTo(5);
            assertThat(Recovery.stillAsking(j.job("job_u").orElseThrow())).as("nothing was taken: nothing to ask").isFalse();
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode job(String id) throws IOException {
        return JSON.readTree("{\"id\":\"" + id + "\",\"type\":\"payment\",\"request\":{\"type\":\"payment\",\"amount\":1200,\"currency\":\"PLN\",\"reference\":\"r\"}}");
    }

    private static AgentConfig config(int port, Duration startDeadline) {
        return new AgentConfig(URI.create("http://127.0.0.1"), Optional.empty(), Duration.ofSeconds(120),
                List.of(new TerminalSpec("T1", "127.0.0.1", port, "KASA-01")), List.of(), startDeadline, AgentConfig.RECOVERY_DEADLINE_DEFAULT);
    }

    private static FakeTerminal open(int port) {
        try {
            return FakeTerminal.on(port, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
