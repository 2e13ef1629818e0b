package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentConfig.TerminalSpec;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.internal.JobRecord.PaymentRef;
import tillbridge.agent.internal.JobRecord.Stage;
import tillbridge.agent.internal.Recovery.Action;
import tillbridge.common.testing.LowPorts;
import tillbridge.ecr.EcrOptions;

class RecoveryTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void decisionPerStage() {
        assertThat(Recovery.decide(Stage.RECEIVED)).isEqualTo(Action.RUN);
        assertThat(Recovery.decide(Stage.S1_PENDING)).isEqualTo(Action.ASK_TERMINAL);
        assertThat(Recovery.decide(Stage.S1_SENT)).isEqualTo(Action.ASK_TERMINAL);
        assertThat(Recovery.decide(Stage.RESULT)).isEqualTo(Action.POST_RESULT);
        assertThat(Recovery.decide(Stage.POSTED)).isEqualTo(Action.NOTHING);
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
            try (Journal j = Journal.open(dir, Clock.systemUTC())) {
                var req = JSON.createObjectNode().put("type", "payment").put("amount", 1200).put("currency", "PLN");
                j.received("job_pending", "payment", req);
                j.s1Pending("job_pending", new PaymentRef("T1", "KASA-01", Recovery.paymentReference("job_pending")));
                j.received("job_sent", "payment", req);
                j.s1Pending("job_sent", new PaymentRef("T1", "KASA-01", Recovery.paymentReference("job_sent")));
                j.s1Sent("job_sent");
                j.received("job_new", "payment", req);
            }
            AgentConfig config = new AgentConfig(URI.create("http://127.0.0.1"), Optional.empty(), Duration.ofSeconds(120), List.of(t), List.of());
            try (Journal j = Journal.open(dir, Clock.systemUTC());
                 Uplink up = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
                 Jobs jobs = new Jobs(config, j, up, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO)) {
                jobs.recover();
                await().atMost(Duration.ofSeconds(30)).until(() -> j.jobs().stream().allMatch(r -> r.stage() == Stage.POSTED));
                assertThat(terminal.s1("C")).isEqualTo(2);
                assertThat(terminal.s1("S")).isEqualTo(1);
            }
            try (Journal j = Journal.open(dir, Clock.systemUTC())) {
                for (String id : List.of("job_pending", "job_sent")) {
                    var r = j.job(id).orElseThrow().result().orElseThrow();
                    assertThat(r.state()).isEqualTo("done");
                    assertThat(r.result().get("recovered").asBoolean()).isTrue();
                }
                assertThat(j.job("job_new").orElseThrow().result().orElseThrow().result().get("recovered").asBoolean()).isFalse();
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
            try (Journal j = Journal.open(dir, Clock.systemUTC());
                 Uplink up = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
                 Jobs jobs = new Jobs(config, j, up, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO)) {
                j.received("job_x", "payment", JSON.createObjectNode().put("type", "payment").put("amount", 500).put("currency", "PLN"));
                j.s1Pending("job_x", new PaymentRef("T1", "KASA-01", Recovery.paymentReference("job_x")));
                jobs.recover();
                await().atMost(Duration.ofSeconds(30)).until(() -> j.job("job_x").orElseThrow().stage() == Stage.POSTED);
                assertThat(j.job("job_x").orElseThrow().result().orElseThrow().state()).isEqualTo("unknown");
            }
            FakeHub.Call result = hub.take("/agent/v1/jobs/job_x/result", Duration.ofSeconds(5));
            assertThat(result.body()).contains("\"state\":\"unknown\"").contains("check the terminal");
        }
    }
}
