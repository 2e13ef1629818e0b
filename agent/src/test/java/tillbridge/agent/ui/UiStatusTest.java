package tillbridge.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tillbridge.contract.JobState;

class UiStatusTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    final UiStatus s = new UiStatus(clock, "1.2.3");

    @Test
    void connectedIsGreenAndAFailedConnectionIsRedWithItsReason() {
        s.connected("stream");
        assertThat(s.snapshot().path("light").asText()).isEqualTo("green");
        assertThat(s.snapshot().path("headline").asText()).isEqualTo("connected to the hub");
        s.disconnected("stream", "stream: HTTP 401 (the hub refused the agent token: register it again)", 2, Duration.ofMillis(1000));
        ObjectNode o = s.snapshot();
        assertThat(o.path("light").asText()).isEqualTo("red");
        assertThat(o.path("detail").asText()).isEqualTo("stream: HTTP 401 (the hub refused the agent token: register it again); trying again in 1 s (attempt 2)");
        // the next attempt does not hide why the last one failed
        s.connecting("stream", "http://hub/agent/v1/stream", -1);
        assertThat(s.snapshot().path("light").asText()).isEqualTo("red");
        assertThat(s.snapshot().path("version").asText()).isEqualTo("1.2.3");
    }

    @Test
    void anUnreachableTerminalOrOfflinePrinterIsWhatThePageShowsFirstWhileTheHubIsConnected() {
        s.connected("stream");
        s.unreachable(java.util.Map.of("terminal T1 unreachable", "127.0.0.1:5002: connection refused"));
        ObjectNode o = s.snapshot();
        assertThat(o.path("light").asText()).isEqualTo("amber");
        assertThat(o.path("headline").asText()).isEqualTo("terminal T1 unreachable");
        assertThat(o.path("detail").asText()).isEqualTo("127.0.0.1:5002: connection refused; hub: connected to the hub");
        assertThat(o.path("unreachable").findValuesAsText("what")).containsExactly("terminal T1 unreachable");

        // a hub that is gone comes first: nothing works without it
        s.disconnected("stream", "stream: connection refused", 1, Duration.ofSeconds(1));
        assertThat(s.snapshot().path("headline").asText()).isEqualTo("not connected to the hub");
        assertThat(s.snapshot().path("unreachable")).hasSize(1);

        s.connected("stream");
        s.unreachable(java.util.Map.of());
        assertThat(s.snapshot().path("light").asText()).isEqualTo("green");
        assertThat(s.snapshot().path("unreachable")).isEmpty();
    }

    @Test
    void severalUnreachableShowTheFirstAndHowManyMore() {
        s.connected("stream");
        java.util.Map<String, String> down = new java.util.LinkedHashMap<>();
        down.put("terminal T1 unreachable", "127.0.0.1:5002: no answer within 3 s (off, or a firewall?)");
        down.put("printer bar offline", "/dev/usb/lp0 is not there (unplugged or off?)");
        s.unreachable(down);
        assertThat(s.snapshot().path("headline").asText()).isEqualTo("terminal T1 unreachable");
        assertThat(s.snapshot().path("detail").asText()).contains("; 1 more below; ");
        assertThat(s.snapshot().path("unreachable").findValuesAsText("what")).containsExactly("terminal T1 unreachable", "printer bar offline");
    }

    @Test
    void longPollIsAmberAndAPingIsWhenTheHubWasLastHeard() {
        s.connected("long poll");
        assertThat(s.snapshot().path("light").asText()).isEqualTo("amber");
        s.pinged();
        assertThat(s.snapshot().path("last_heard").asText()).isEqualTo("2026-12-03T12:00:00Z");
    }

    @Test
    void jobsAreListedNewestFirstWithTheirEventsAndEveryChangeIsPublished() {
        List<ObjectNode> seen = new ArrayList<>();
        s.listen(seen::add);
        s.jobReceived("j1", "payment", 1);
        s.jobStarted("j1", "payment of 12.50 PLN on T1");
        s.jobFinished("j1", JobState.FAILED, "terminal T1 unreachable: connection refused");
        s.jobReceived("j2", "print", 2);
        ObjectNode o = s.snapshot();
        assertThat(o.path("jobs").findValuesAsText("id")).containsExactly("j2", "j1");
        assertThat(o.path("jobs").get(1).path("state").asText()).isEqualTo("failed");
        assertThat(o.path("jobs").get(1).path("events").findValuesAsText("text"))
                .containsExactly("received", "payment of 12.50 PLN on T1", "failed: terminal T1 unreachable: connection refused");
        assertThat(seen).hasSize(4).last().isEqualTo(o);
        assertThat(o.path("last_problem").asText()).isEqualTo("job j1 failed: terminal T1 unreachable: connection refused");
    }

    @Test
    void aJobWaitingForItsTerminalIsTheLatestProblemAndADoneOneIsNot() {
        s.recovering("j1", "trying again in 2000 ms (attempt 2)", "terminal T1 unreachable: connection refused");
        assertThat(s.snapshot().path("last_problem").asText())
                .isEqualTo("job j1: trying again in 2000 ms (attempt 2) (terminal T1 unreachable: connection refused)");
        s.jobFinished("j2", JobState.DONE, "approved");
        assertThat(s.snapshot().path("last_problem").asText()).startsWith("job j1:");
    }

    @Test
    void onlyTheRecentJobsAndEventsAreKept() {
        for (int i = 0; i < UiStatus.JOBS + 5; i++) s.jobReceived("j" + i, "payment", i);
        for (int i = 0; i < UiStatus.EVENTS_PER_JOB + 5; i++) s.recovering("j24", "trying again", "attempt " + i);
        ObjectNode o = s.snapshot();
        assertThat(o.path("jobs")).hasSize(UiStatus.JOBS);
        assertThat(o.path("jobs").get(0).path("id").asText()).isEqualTo("j24");
        assertThat(o.path("jobs").get(0).path("events")).hasSize(UiStatus.EVENTS_PER_JOB);
        assertThat(o.path("jobs").findValuesAsText("id")).doesNotContain("j4");
    }

    @Test
    void aProblemIsShownWithItsTime() {
        s.problem("posting the agent status", new java.io.IOException("printer offline"));
        assertThat(s.snapshot().path("last_problem").asText()).isEqualTo("posting the agent status: printer offline");
        assertThat(s.snapshot().path("last_problem_at").asText()).isEqualTo("2026-12-03T12:00:00Z");
    }

    private static ObjectNode prompt(String id, String text, String... answers) {
        ObjectNode e = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", "prompt").put("prompt", id).put("text", text);
        for (String a : answers) e.withArray("answers").add(a);
        return e;
    }

    @Test
    void aPromptIsShownUntilAnsweredAndTheConsoleAsksOneThingAtATime() {
        s.jobEvent("job_1", prompt("cancel", "Answer 'cancel' to abort", "cancel"));
        s.jobEvent("job_1", prompt("console-1", "SIGNATURE OK?", "yes", "no", "cancel"));
        assertThat(s.snapshot().path("prompts")).extracting(p -> p.path("prompt").asText()).containsExactly("cancel", "console-1");
        assertThat(s.snapshot().at("/prompts/1/answers").toString()).isEqualTo("[\"yes\",\"no\",\"cancel\"]");
        s.jobEvent("job_1", prompt("console-2", "TIP?", "yes", "no"));
        assertThat(s.snapshot().path("prompts")).extracting(p -> p.path("prompt").asText()).containsExactly("cancel", "console-2");
        s.answered("job_1", "console-2");
        assertThat(s.snapshot().path("prompts")).extracting(p -> p.path("prompt").asText()).containsExactly("cancel");
        s.jobFinished("job_1", JobState.DONE, "approved");
        assertThat(s.snapshot().path("prompts")).isEmpty();
    }

    @Test
    void theConsoleEndingTakesItsQuestionOffThePage() {
        s.jobEvent("job_1", prompt("console-1", "SIGNATURE OK?", "yes", "no"));
        s.jobEvent("job_1", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", "console_ended"));
        assertThat(s.snapshot().path("prompts")).isEmpty();
        assertThat(s.snapshot().at("/jobs/0/events/0/text").asText()).isEqualTo("the terminal asks: SIGNATURE OK?");
    }
}
