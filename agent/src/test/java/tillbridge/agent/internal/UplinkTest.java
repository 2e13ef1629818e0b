package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.internal.JobRecord.Stage;
import tillbridge.contract.JobResult;
import tillbridge.contract.Outcome;

class UplinkTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aResultTheHubDoesNotKnowIsReportedForAnOperatorAndNotPostedAtEveryStart() throws Exception {
        List<String> refused = new CopyOnWriteArrayList<>();
        AgentEvents events = new AgentEvents() {
            @Override
            public void resultRefused(String jobId, JobResult r, String why) {
                refused.add(jobId + " " + r.state().wire() + " " + r.outcome().wire() + " " + r.reference().orElse("?") + " | " + why);
            }
        };
        try (FakeHub hub = new FakeHub(); JobJournal j = JobJournal.open(dir, Clock.systemUTC())) {
            hub.refuse("/agent/v1/jobs/job_gone/result", 404, "{\"error\":\"job job_gone not found\"}");
            j.received("job_gone", "payment", JSON.createObjectNode().put("amount", 1299).put("currency", "PLN").put("reference", "r"));
            JobResult r = JobResult.of(Outcome.APPROVED, "approved").withReference("TB0123456789ABCDEFGH");
            j.result("job_gone", r);
            try (Uplink up = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, events)) {
                up.result("job_gone", r).get(10, TimeUnit.SECONDS);
            }
            assertThat(hub.take("/agent/v1/jobs/job_gone/result", Duration.ofSeconds(5)).method()).isEqualTo("POST");
            assertThat(refused).singleElement().asString()
                    .startsWith("job_gone done approved TB0123456789ABCDEFGH | ").contains("404", "not found");
            assertThat(j.job("job_gone").orElseThrow().stage()).isEqualTo(Stage.POSTED);
        }
    }
}
