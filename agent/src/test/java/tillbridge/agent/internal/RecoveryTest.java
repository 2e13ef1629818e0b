package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentConfig.TerminalSpec;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.internal.JobRecord.Asking;
import tillbridge.agent.internal.JobRecord.PaymentRef;
import tillbridge.agent.internal.JobRecord.Stage;
import tillbridge.agent.internal.Recovery.Action;
import tillbridge.common.testing.LowPorts;
import tillbridge.ecr.EcrOptions;
import tillbridge.contract.JobResult;
import tillbridge.contract.JobState;
import tillbridge.contract.Outcome;

class RecoveryTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final PaymentRef REF = new PaymentRef("T1", "KASA-01", Recovery.paymentReference("job_1"));

    static JobRecord job(Stage stage, Optional<PaymentRef> p, String state, Optional<Asking> asking) {
        Optional<JobResult> r = state == null ? Optional.empty() : Optional.of(JobResult.of(Outcome.valueOf(state.toUpperCase(java.util.Locale.ROOT)), state));
        return new JobRecord("job_1", "payment", JSON.createObjectNode(), stage, p, r, asking, T0);
    }

    @Test
    void decisionPerStage() {
        Optional<PaymentRef> p = Optional.of(REF);
        assertThat(Recovery.decide(job(Stage.RECEIVED, Optional.empty(), null, Optional.empty()))).isEqualTo(Action.RUN);
        assertThat(Recovery.decide(job(Stage.S1_PENDING, p, null, Optional.empty()))).isEqualTo(Action.ASK_TERMINAL);
        assertThat(Recovery.decide(job(Stage.S1_SENT, p, null, Optional.empty()))).isEqualTo(Action.ASK_TERMINAL);
        assertThat(Recovery.decide(job(Stage.RESULT, p, "done", Optional.empty()))).isEqualTo(Action.POST_RESULT);
        assertThat(Recovery.decide(job(Stage.RESULT, Optional.empty(), "failed", Optional.empty()))).isEqualTo(Action.POST_RESULT);
        assertThat(Recovery.decide(job(Stage.POSTED, p, "done", Optional.empty()))).isEqualTo(Action.NOTHING);
    }

    @Test
    void anUnknownOutcomeIsAskedAboutAgainAfterARestartUntilAskingEnded() {
        Optional<PaymentRef> p = Optional.of(REF);
        Optional<Asking> going = Optional.of(new Asking(T0.plusSeconds(86_400), Optional.empty()));
        Optional<Asking> ended = Optional.of(new Asking(T0.plusSeconds(86_400), Optional.of("deadline passed")));
        assertThat(Recovery.decide(job(Stage.RESULT, p, "unknown", going))).isEqualTo(Action.POST_RESULT_AND_ASK);
        assertThat(Recovery.decide(job(Stage.POSTED, p, "unknown", going))).isEqualTo(Action.ASK_TERMINAL);
        assertThat(Recovery.decide(job(Stage.POSTED, p, "unknown", Optional.empty()))).isEqualTo(Action.ASK_TERMINAL);
        assertThat(Recovery.decide(job(Stage.POSTED, p, "unknown", ended))).isEqualTo(Action.NOTHING);
        assertThat(Recovery.decide(job(Stage.RESULT, p, "unknown", ended))).isEqualTo(Action.POST_RESULT);
        assertThat(Recovery.decide(job(Stage.POSTED, p, "done", going))).as("recovered: nothing more to ask").isEqualTo(Action.NOTHING);
    }

    @Test
    void paymentReferenceIsStableShortAndPrintable() {
        String r = Recovery.paymentReference("job_abcdefghjkmnpqrstvwxyz01");
        assertThat(r).isEqualTo(Recovery.paymentReference("job_abcdefghjkmnpqrstvwxyz01")).hasSize(20).matches("TB[0-9A-HJKMNP-TV-Z]{18}");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) assertThat(seen.add(Recovery.paymentReference("job_" + i))).isTrue();
    }

    /**
     * The journal says "S1 about to be sent" (with or without the terminal's ACK) and nothing after:
     * the restarted agent sends a status query (S1 kind C) and never a sale (kind S); a job that was
     * only received runs once.
     */
    @Test
    void afterACrashBetweenS1AndS2TheAgentAsksAndNeverPaysAgain() throws Exception {
        try (FakeTerminal terminal = new FakeTerminal(0); FakeHub hub = new FakeHub()) {
            TerminalSpec t = new TerminalSpec("T1", "127.0.0.1", terminal.port(), "KASA-01");
            try (JobJournal j = JobJournal.open(dir, Clock.systemUTC())) {
                var req = JSON.createObjectNode().put("type", "payment").put("amount", 1200).put("currency", "PLN").put("reference", "r");
                j.received("job_pending", "payment", req);
                j.s1Pending("job_pending", new PaymentRef("T1", "KASA-01", Recovery.paymentReference("job_pending")));
                j.received("job_sent", "payment", req);
                j.s1Pending("job_sent", new PaymentRef("T1", "KASA-01", Recovery.paymentReference("job_sent")));
                j.s1Sent("job_sent");
                j.received("job_new", "payment", req);
            }
            AgentConfig config = new AgentConfig(URI.create("http://127.0.0.1"), Optional.empty(), Duration.ofSeconds(120), List.of(t), List.of());
            try (JobJournal j = JobJournal.open(dir, Clock.systemUTC());
                 Uplink up = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
                 Jobs jobs = new Jobs(config, j, up, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO, Time.SYSTEM)) {
                jobs.recover();
                await().atMost(Duration.ofSeconds(30)).until(() -> j.jobs().stream().allMatch(r -> r.stage() == Stage.POSTED));
                assertThat(terminal.s1("C")).isEqualTo(2);
                assertThat(terminal.s1("S")).isEqualTo(1);
            }
            try (JobJournal j = JobJournal.open(dir, Clock.systemUTC())) {
                for (String id : List.of("job_pending", "job_sent")) {
                    var r = j.job(id).orElseThrow().result().orElseThrow();
                    assertThat(r.state()).isEqualTo(JobState.DONE);
                    assertThat(r.recovered().orElseThrow()).isTrue();
                }
                assertThat(j.job("job_new").orElseThrow().result().orElseThrow().recovered().orElseThrow()).isFalse();
            }
            List<String> posted = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) posted.add(hub.take("/agent/v1/jobs/", Duration.ofSeconds(5)).path());
            assertThat(posted).isNotEmpty();
        }
    }

    @Test
    void anUnreachableTerminalMakesTheOutcomeUnknownNeverAPayment() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            int dead = LowPorts.free();
            TerminalSpec t = new TerminalSpec("T1", "127.0.0.1", dead, "KASA-01");
            AgentConfig config = new AgentConfig(URI.create("http://127.0.0.1"), Optional.empty(), Duration.ofSeconds(120), List.of(t), List.of());
            try (JobJournal j = JobJournal.open(dir, Clock.systemUTC());
                 Uplink up = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
                 Jobs jobs = new Jobs(config, j, up, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO, Time.SYSTEM)) {
                j.received("job_x", "payment", JSON.createObjectNode().put("type", "payment").put("amount", 500).put("currency", "PLN").put("reference", "r"));
                j.s1Pending("job_x", new PaymentRef("T1", "KASA-01", Recovery.paymentReference("job_x")));
                jobs.recover();
                await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_x").orElseThrow().stage() == Stage.POSTED);
                assertThat(j.job("job_x").orElseThrow().result().orElseThrow().state().wire()).isEqualTo("unknown");
            }
            FakeHub.Call result = hub.take("/agent/v1/jobs/job_x/result", Duration.ofSeconds(5));
            assertThat(result.body()).contains("\"state\":\"unknown\"").contains("check the terminal");
        }
    }

    /**
     * The terminal is down when the restarted agent asks about a payment whose S1 may have gone
     * out: the outcome is posted as unknown, the terminal asked again after 2, 4, 8 s (a
     * {@code recovering} event each time), and once it is up its answer is posted with
     * {@code recovered: true}. Never a sale S1.
     */
    @Test
    void anUnknownOutcomeIsAskedAgainWithBackOffUntilTheTerminalAnswers() throws Exception {
        int port = LowPorts.free();
        VirtualTime time = new VirtualTime(Instant.now());
        List<FakeTerminal> up = new java.util.concurrent.CopyOnWriteArrayList<>();
        time.onSleep(n -> {
            if (n == 3) up.add(open(port));
        });
        try (FakeHub hub = new FakeHub()) {
            AgentConfig config = config(new TerminalSpec("T1", "127.0.0.1", port, "KASA-01"), Duration.ofSeconds(600));
            try (JobJournal j = JobJournal.open(dir, time.clock());
                 Uplink uplink = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
                 Jobs jobs = new Jobs(config, j, uplink, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO, time)) {
                j.received("job_x", "payment", JSON.createObjectNode().put("type", "payment").put("amount", 500).put("currency", "PLN").put("reference", "r"));
                j.s1Pending("job_x", new PaymentRef("T1", "KASA-01", Recovery.paymentReference("job_x")));
                jobs.recover();
                await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_x").orElseThrow().stage() == Stage.POSTED
                        && j.job("job_x").orElseThrow().result().orElseThrow().state().wire().equals("done"));
                assertThat(j.job("job_x").orElseThrow().result().orElseThrow().recovered().orElseThrow()).isTrue();
            } finally {
                for (FakeTerminal t : up) {
                    assertThat(t.s1("S")).isZero();
                    assertThat(t.s1("C")).isEqualTo(1);
                    t.close();
                }
            }
            assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
            List<String> calls = new java.util.ArrayList<>();
            while (calls.stream().noneMatch(b -> b.contains("\"state\":\"done\""))) {
                try {
                    calls.add(hub.take("/agent/v1/jobs/job_x/", Duration.ofSeconds(5)).body());
                } catch (AssertionError e) {
                    throw new AssertionError("calls so far: " + calls, e);
                }
            }
            assertThat(calls.stream().filter(b -> b.contains("\"recovering\"")).count()).isEqualTo(4);
            assertThat(calls.stream().filter(b -> b.contains("\"state\"")).toList()).satisfiesExactly(
                    unknown -> assertThat(unknown).contains("\"state\":\"unknown\"").contains("\"recovered\":false"),
                    done -> assertThat(done).contains("\"state\":\"done\"").contains("\"recovered\":true"));
        }
    }

    /**
     * A terminal that never answers: asked until the recovery deadline, then the outcome stays
     * unknown with the reason, journaled so that a restart does not ask again.
     */
    @Test
    void afterTheRecoveryDeadlineTheOutcomeStaysUnknownWithTheReason() throws Exception {
        int dead = LowPorts.free();
        VirtualTime time = new VirtualTime(Instant.now());
        AgentConfig config = config(new TerminalSpec("T1", "127.0.0.1", dead, "KASA-01"), Duration.ofSeconds(30));
        try (FakeHub hub = new FakeHub()) {
            try (JobJournal j = JobJournal.open(dir, time.clock());
                 Uplink uplink = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
                 Jobs jobs = new Jobs(config, j, uplink, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO, time)) {
                j.received("job_x", "payment", JSON.createObjectNode().put("type", "payment").put("amount", 500).put("currency", "PLN").put("reference", "r"));
                j.s1Pending("job_x", new PaymentRef("T1", "KASA-01", Recovery.paymentReference("job_x")));
                jobs.recover();
                await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_x").orElseThrow().asking().flatMap(Asking::ended).isPresent());
                assertThat(j.job("job_x").orElseThrow().asking().orElseThrow().ended().orElseThrow()).contains("within 30 s");
                assertThat(j.job("job_x").orElseThrow().result().orElseThrow().state().wire()).isEqualTo("unknown");
                hub.take("/agent/v1/jobs/job_x/events", Duration.ofSeconds(5));
            }
            assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16));
            try (JobJournal j = JobJournal.open(dir, time.clock())) {
                assertThat(Recovery.decide(j.job("job_x").orElseThrow())).isIn(Action.NOTHING, Action.POST_RESULT);
            }
        }
    }

    /**
     * The terminal takes the S1 and then says nothing (a half-open link to frob): the payment is
     * unknown, posted so, and asked about again until the terminal answers; a single sale S1.
     */
    @Test
    void aPaymentThatEndsUnknownInTheRunIsAskedAboutAgainUntilTheTerminalAnswers() throws Exception {
        VirtualTime time = new VirtualTime(Instant.now());
        EcrOptions quick = EcrOptions.DEFAULT.withPaymentTimeout(Duration.ofMillis(300)).withAnswerTimeout(Duration.ofMillis(300))
                .withStatusTries(1, Duration.ofMillis(50));
        try (FakeTerminal terminal = new FakeTerminal(0); FakeHub hub = new FakeHub()) {
            terminal.mute(true);
            time.onSleep(n -> terminal.mute(false));
            AgentConfig config = config(new TerminalSpec("T1", "127.0.0.1", terminal.port(), "KASA-01"), Duration.ofSeconds(600));
            try (JobJournal j = JobJournal.open(dir, time.clock());
                 Uplink uplink = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
                 Jobs jobs = new Jobs(config, j, uplink, AgentEvents.NONE, quick, Duration.ZERO, time)) {
                jobs.offer(JSON.readTree("{\"id\":\"job_h\",\"type\":\"payment\",\"request\":{\"type\":\"payment\",\"amount\":700,\"currency\":\"PLN\",\"reference\":\"r\"}}"), 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_h").orElseThrow().stage() == Stage.POSTED
                        && j.job("job_h").orElseThrow().result().orElseThrow().state().wire().equals("done"));
                assertThat(j.job("job_h").orElseThrow().result().orElseThrow().recovered().orElseThrow()).isTrue();
            }
            assertThat(terminal.s1("S")).isEqualTo(1);
            List<String> results = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) results.add(hub.take("/agent/v1/jobs/job_h/result", Duration.ofSeconds(5)).body());
            assertThat(results.get(0)).contains("\"state\":\"unknown\"");
            assertThat(results.get(1)).contains("\"state\":\"done\"").contains("\"recovered\":true");
        }
    }

    /**
     * The terminal answers the sale only after the payment ended unknown, on the same connection:
     * that late S2 settles the job (done, recovered), though the status query it came with got no
     * answer; a single sale S1.
     */
    @Test
    void aLateS2AfterThePaymentEndedUnknownSettlesTheJob() throws Exception {
        VirtualTime time = new VirtualTime(Instant.now());
        EcrOptions quick = EcrOptions.DEFAULT.withPaymentTimeout(Duration.ofMillis(300)).withAnswerTimeout(Duration.ofMillis(300))
                .withStatusTries(1, Duration.ofMillis(50));
        try (FakeTerminal terminal = new FakeTerminal(0); FakeHub hub = new FakeHub()) {
            terminal.mute(true);
            terminal.answerHeldSaleAtQuery(2); // the payment's own query is the first; the agent's first ask the second
            AgentConfig config = config(new TerminalSpec("T1", "127.0.0.1", terminal.port(), "KASA-01"), Duration.ofSeconds(600));
            try (JobJournal j = JobJournal.open(dir, time.clock());
                 Uplink uplink = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
                 Jobs jobs = new Jobs(config, j, uplink, AgentEvents.NONE, quick, Duration.ZERO, time)) {
                jobs.offer(JSON.readTree("{\"id\":\"job_l\",\"type\":\"payment\",\"request\":{\"type\":\"payment\",\"amount\":700,\"currency\":\"PLN\",\"reference\":\"r\"}}"), 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_l").orElseThrow().result().filter(r -> r.state() == JobState.DONE).isPresent());
                JobResult done = j.job("job_l").orElseThrow().result().orElseThrow();
                assertThat(done.recovered().orElseThrow()).isTrue();
                assertThat(done.authorisation().transactionId()).contains("TX-LATE");
                assertThat(done.authorisation().amount().orElseThrow()).isEqualTo(700);
                await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_l").orElseThrow().stage() == Stage.POSTED);
            }
            assertThat(terminal.s1("S")).isEqualTo(1);
            assertThat(terminal.s1("C")).as("asking stopped once the late S2 settled the job").isEqualTo(2);
        }
    }

    private static FakeTerminal open(int port) {
        try {
            return FakeTerminal.on(port, 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static AgentConfig config(TerminalSpec t, Duration recoveryDeadline) {
        return new AgentConfig(URI.create("http://127.0.0.1"), Optional.empty(), Duration.ofSeconds(120), List.of(t), List.of(),
                AgentConfig.START_DEADLINE_DEFAULT, recoveryDeadline);
    }
}
