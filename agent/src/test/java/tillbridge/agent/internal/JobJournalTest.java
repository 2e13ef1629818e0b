package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.agent.internal.JobRecord.PaymentRef;
import tillbridge.agent.internal.JobRecord.Stage;
import tillbridge.contract.JobResult;
import tillbridge.contract.Outcome;

class JobJournalTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-05-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static ObjectNode payment(long amount) {
        return JSON.createObjectNode().put("type", "payment").put("amount", amount).put("currency", "PLN").put("reference", "r");
    }

    private List<String> lines() throws Exception {
        return Files.readAllLines(dir.resolve(JobJournal.FILE));
    }

    @Test
    void everyRecordIsInTheFileWhenTheCallReturns() throws Exception {
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            assertThat(j.received("job_1", "payment", payment(1200))).isTrue();
            assertThat(lines()).hasSize(1).first().asString().contains("\"rec\":\"received\"").contains("\"job\":\"job_1\"");
            j.s1Pending("job_1", new PaymentRef("T1", "KASA-01", "TBREF"));
            assertThat(lines()).hasSize(2).last().asString().contains("s1_pending").contains("TBREF");
            j.s1Sent("job_1");
            JobResult done = JobResult.of(Outcome.APPROVED, "approved");
            j.result("job_1", done);
            j.posted("job_1", done);
            assertThat(lines()).hasSize(5);
        }
    }

    /** An S1 that provably never left: after a restart the job runs again rather than being asked about. */
    @Test
    void aPendingS1ThatWasNotSentMakesTheJobRunnableAgain() throws Exception {
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            j.received("job_n", "payment", payment(100));
            j.s1Pending("job_n", new PaymentRef("T1", "E", "R"));
            j.notSent("job_n");
        }
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            JobRecord job = j.job("job_n").orElseThrow();
            assertThat(job.stage()).isEqualTo(Stage.RECEIVED);
            assertThat(job.payment()).isEmpty();
            assertThat(Recovery.decide(job)).isEqualTo(Recovery.Action.RUN);
        }
    }

    /** An unknown outcome recovered while "unknown" was being posted: that post does not mark the recovered result posted. */
    @Test
    void postingAnOlderResultDoesNotMarkANewerOnePosted() throws Exception {
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            j.received("job_r", "payment", payment(100));
            j.s1Pending("job_r", new PaymentRef("T1", "E", "R"));
            JobResult unknown = JobResult.of(Outcome.UNKNOWN, "unknown").withRecovered(false);
            JobResult done = JobResult.of(Outcome.APPROVED, "approved").withRecovered(true);
            j.result("job_r", unknown);
            j.result("job_r", done);
            j.posted("job_r", unknown);
            assertThat(j.job("job_r").orElseThrow().stage()).isEqualTo(Stage.RESULT);
            j.posted("job_r", done);
            assertThat(j.job("job_r").orElseThrow().stage()).isEqualTo(Stage.POSTED);
        }
    }

    @Test
    void replayRestoresEveryJobsLatestStage() throws Exception {
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            j.received("job_a", "payment", payment(100));
            j.received("job_b", "payment", payment(200));
            j.s1Pending("job_b", new PaymentRef("T1", "E", "R"));
            j.received("job_c", "print", JSON.createObjectNode());
            j.result("job_c", JobResult.of(Outcome.NOT_SUPPORTED, "not supported"));
            j.received("job_d", "payment", payment(300));
            j.result("job_d", JobResult.of(Outcome.UNKNOWN, "unknown"));
            j.posted("job_d", JobResult.of(Outcome.UNKNOWN, "unknown"));
        }
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            assertThat(j.jobs()).extracting(JobRecord::id, JobRecord::stage).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("job_a", Stage.RECEIVED),
                    org.assertj.core.groups.Tuple.tuple("job_b", Stage.S1_PENDING),
                    org.assertj.core.groups.Tuple.tuple("job_c", Stage.RESULT),
                    org.assertj.core.groups.Tuple.tuple("job_d", Stage.POSTED));
            assertThat(j.job("job_a").orElseThrow().request().get("amount").asLong()).isEqualTo(100);
            assertThat(j.job("job_b").orElseThrow().payment()).contains(new PaymentRef("T1", "E", "R"));
            assertThat(j.job("job_c").orElseThrow().result().orElseThrow().state().wire()).isEqualTo("failed");
        }
    }

    @Test
    void aDuplicateJobIdWritesNothing() throws Exception {
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            assertThat(j.received("job_1", "payment", payment(1200))).isTrue();
            j.s1Pending("job_1", new PaymentRef("T1", "E", "R"));
            assertThat(j.received("job_1", "payment", payment(1200))).isFalse();
            assertThat(lines()).hasSize(2);
            assertThat(j.job("job_1").orElseThrow().stage()).isEqualTo(Stage.S1_PENDING);
        }
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            assertThat(j.received("job_1", "payment", payment(1200))).isFalse();
        }
    }

    @Test
    void aLastLineCutOffByACrashIsDroppedAndTheFileRepaired() throws Exception {
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            j.received("job_1", "payment", payment(1200));
        }
        Files.writeString(dir.resolve(JobJournal.FILE), "{\"at\":\"2025-05-01T10:00:00Z\",\"rec\":\"s1_pen", StandardOpenOption.APPEND);
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            assertThat(j.job("job_1").orElseThrow().stage()).isEqualTo(Stage.RECEIVED);
            j.s1Pending("job_1", new PaymentRef("T1", "E", "R"));
        }
        assertThat(lines()).hasSize(2);
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            assertThat(j.job("job_1").orElseThrow().stage()).isEqualTo(Stage.S1_PENDING);
        }
    }

    @Test
    void aBrokenLineInTheMiddleIsSkipped() throws Exception {
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            j.received("job_1", "payment", payment(1200));
        }
        Files.writeString(dir.resolve(JobJournal.FILE), "garbage\n", StandardOpenOption.APPEND);
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            j.received("job_2", "payment", payment(1300));
        }
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            assertThat(j.jobs()).extracting(JobRecord::id).containsExactly("job_1", "job_2");
        }
    }

    @Test
    void oneProcessAtATime() throws Exception {
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            assertThat(j.jobs()).isEmpty();
            assertThatThrownBy(() -> JobJournal.open(dir, CLOCK)).isInstanceOf(JobJournal.Locked.class).hasMessageContaining("another agent");
        }
        JobJournal.open(dir, CLOCK).close();
    }

    @Test
    void compactionKeepsUnpostedJobsAndRecentPostedOnes() throws Exception {
        Clock old = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (JobJournal j = JobJournal.open(dir, old)) {
            j.received("job_old", "payment", payment(1));
            j.result("job_old", JobResult.of(Outcome.DONE, "done"));
            j.posted("job_old", JobResult.of(Outcome.DONE, "done"));
        }
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            j.received("job_recent", "payment", payment(2));
            j.result("job_recent", JobResult.of(Outcome.DONE, "done"));
            j.posted("job_recent", JobResult.of(Outcome.DONE, "done"));
            j.received("job_open", "payment", payment(3));
            j.s1Pending("job_open", new PaymentRef("T1", "E", "R"));
            j.s1Sent("job_open");
            j.received("job_result", "payment", payment(4));
            j.result("job_result", JobResult.of(Outcome.DECLINED, "declined"));
        }
        try (JobJournal j = JobJournal.open(dir, CLOCK, 3)) {
            assertThat(j.jobs()).extracting(JobRecord::id).containsExactly("job_recent", "job_open", "job_result");
            assertThat(j.job("job_open").orElseThrow().stage()).isEqualTo(Stage.S1_SENT);
            assertThat(j.job("job_open").orElseThrow().payment()).contains(new PaymentRef("T1", "E", "R"));
            assertThat(j.job("job_result").orElseThrow().result().orElseThrow().outcome()).isEqualTo(Outcome.DECLINED);
            assertThat(j.received("job_recent", "payment", payment(2))).isFalse();
        }
        assertThat(Files.readString(dir.resolve(JobJournal.FILE), StandardCharsets.UTF_8)).doesNotContain("job_old");
    }

    @Test
    void aPrintJobSendingSurvivesARestartAndCompaction() throws Exception {
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            j.received("job_print", "print", JSON.createObjectNode().put("type", "print").put("content", "x"));
            j.printSending("job_print");
            j.received("job_other", "payment", payment(1));
        }
        try (JobJournal j = JobJournal.open(dir, CLOCK)) {
            assertThat(j.job("job_print").orElseThrow().stage()).isEqualTo(Stage.PRINT_SENDING);
        }
        try (JobJournal j = JobJournal.open(dir, CLOCK, 1)) {
            assertThat(j.job("job_print").orElseThrow().stage()).isEqualTo(Stage.PRINT_SENDING);
            assertThat(j.job("job_print").orElseThrow().request().get("content").asText()).isEqualTo("x");
        }
    }
}
