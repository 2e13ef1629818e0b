package tillbridge.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobRequest;
import tillbridge.contract.JobState;
import tillbridge.hub.DbTarget;
import tillbridge.hub.internal.Model.Job;

/** The job store on its own, without HTTP: typed requests in and out, refusals as domain exceptions. */
class JobStoreTest {
    static final JobRequest.Payment PAYMENT = new JobRequest.Payment(1250, "PLN", "order-77", Optional.of("T1"));

    @TempDir
    Path dir;
    Db db;
    JobStore jobs;
    String tenant;
    String site;

    @BeforeEach
    void open() {
        db = Db.open(new DbTarget.H2File(dir), 2);
        jobs = new JobStore(db, Clock.systemUTC(), Signals.NONE);
        tenant = new TenantStore(db, Clock.systemUTC()).create("t").tenant().id();
        site = new SiteStore(db, Clock.systemUTC()).create(tenant, "s").id();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSubmittedRequestIsReadBackAsTheSameTypedRequest() {
        Job j = jobs.submit(tenant, site, "k1", PAYMENT).job();

        Job read = jobs.get(tenant, j.id()).orElseThrow();
        assertThat(read.request()).isEqualTo(PAYMENT);
        assertThat(read.state()).isEqualTo(JobState.QUEUED);
        assertThat(read.toJson().get("request")).isEqualTo(JobJson.encode(PAYMENT));
    }

    @Test
    void theSameKeyWithAnotherRequestIsAConflict() {
        jobs.submit(tenant, site, "k1", PAYMENT);

        assertThat(jobs.submit(tenant, site, "k1", PAYMENT).created()).isFalse();
        assertThatThrownBy(() -> jobs.submit(tenant, site, "k1", new JobRequest.Payment(1, "PLN", "other", Optional.empty())))
                .isInstanceOf(HubException.Conflict.class).hasMessageContaining("Idempotency-Key 'k1'");
    }

    @Test
    void anotherSitesJobIsNotFound() {
        String job = jobs.submit(tenant, site, "k1", PAYMENT).job().id();

        assertThatThrownBy(() -> jobs.ack("site_other", job)).isInstanceOf(HubException.NotFound.class);
    }

    @Test
    void aFinalResultRefusesProgressAndADifferentResult() {
        String job = jobs.submit(tenant, site, "k1", PAYMENT).job().id();
        jobs.ack(site, job);
        jobs.result(site, job, JobState.DONE, Json.object().put("outcome", "approved").put("message", "ok"), false);

        assertThatThrownBy(() -> jobs.progress(site, job, new JobEvent.Progress.TerminalStatus(20, "waiting for the card", "INSERT CARD")))
                .isInstanceOf(HubException.Conflict.class);
        assertThatThrownBy(() -> jobs.result(site, job, JobState.FAILED, Json.object().put("outcome", "declined"), false))
                .isInstanceOf(HubException.Conflict.class).hasMessageContaining("a result is final");
        assertThatThrownBy(() -> jobs.result(site, job, JobState.RUNNING, Json.object(), false)).isInstanceOf(HubException.Invalid.class);
    }

    @Test
    void aRecoveredResultSettlesAnUnknownJobAndTheLogSaysWhatItWas() {
        String job = jobs.submit(tenant, site, "k1", PAYMENT).job().id();
        jobs.result(site, job, JobState.UNKNOWN, Json.object().put("outcome", "unknown"), false);

        jobs.result(site, job, JobState.DONE, Json.object().put("outcome", "approved"), true);

        JobEvent last = jobs.events(job, 0, 100).getLast().event();
        assertThat(last).isInstanceOfSatisfying(JobEvent.State.class, s -> {
            assertThat(s.state()).isEqualTo(JobState.DONE);
            assertThat(s.settled()).contains(JobState.UNKNOWN);
        });
    }

    @Test
    void anAnswerNeedsItsPromptAndCannotChange() {
        String job = jobs.submit(tenant, site, "k1", PAYMENT).job().id();
        assertThatThrownBy(() -> jobs.answer(tenant, job, "cancel", "cancel")).isInstanceOf(HubException.NotFound.class);
        jobs.progress(site, job, new JobEvent.Progress.Prompt("cancel", Optional.empty(), "Cancel?", List.of("cancel"), OptionalInt.empty(),
                OptionalInt.empty()));

        assertThat(jobs.answer(tenant, job, "cancel", "cancel").event()).isEqualTo(new JobEvent.Answer("cancel", "cancel"));
        assertThat(jobs.answer(tenant, job, "cancel", "cancel").seq()).as("the same answer again").isEqualTo(jobs.events(job, 0, 100).getLast().seq());
        assertThatThrownBy(() -> jobs.answer(tenant, job, "cancel", "no")).isInstanceOf(HubException.Conflict.class);
    }
}
