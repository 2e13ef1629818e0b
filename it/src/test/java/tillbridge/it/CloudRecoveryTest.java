package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes on the cloud path, with real processes and SIGKILL: the hub dies under a connected agent
 * and comes back; an agent dies after accepting a job and before running it; an agent dies between
 * the S1 and the S2 of a payment. No job is lost and no payment is sent twice.
 */
class CloudRecoveryTest {
    @TempDir
    static Path dir;
    private static Cloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = new Cloud(dir, List.of("--slow-ms", "6000", "--journal", dir.resolve("terminal-journal.jsonl").toString()), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) cloud.close();
    }

    private static boolean journalHas(Path agentDir, String rec, String jobId) throws Exception {
        Path j = agentDir.resolve("journal.jsonl");
        return Files.exists(j) && Files.readString(j).contains("\"rec\":\"" + rec + "\",\"job\":\"" + jobId + "\"");
    }

    private static long count(Path agentDir, String rec, String jobId) throws Exception {
        return Files.readAllLines(agentDir.resolve("journal.jsonl")).stream()
                .filter(l -> l.contains("\"rec\":\"" + rec + "\",\"job\":\"" + jobId + "\"")).count();
    }

    /** frob down for a few seconds: the payments queued meanwhile wait for it, then each runs once. */
    @Test
    void paymentsWaitForABrieflyUnreachableTerminalAndRunOnce() throws Exception {
        String site = cloud.createSite("frob-outage");
        Process agent = cloud.registeredAgent(site, "agent-frob-outage");
        Path agentDir = dir.resolve("agent-frob-outage");
        cloud.frobDown();
        String first = cloud.pay(site, 1200, "it-outage-1");
        String second = cloud.pay(site, 1300, "it-outage-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> Programs.read(cloud.agentLog(agentDir)).contains("did not take the S1"));
        cloud.frobUp();
        for (String id : List.of(first, second)) {
            JsonNode job = cloud.awaitFinal(id, Duration.ofSeconds(60));
            assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("done");
            assertThat(cloud.salesFor(job.path("result").path("reference").asText())).isEqualTo(1);
        }
        assertThat(cloud.events(first)).contains("waiting_for_terminal").contains("connection refused");
        Programs.stop(agent);
    }

    @Test
    void hubKilledAndRestartedMidStreamLosesNoJobAndTheAgentFollowsTheSchedule() throws Exception {
        String site = cloud.createSite("hub-restart");
        Process agent = cloud.registeredAgent(site, "agent-hub-restart");
        Path agentDir = dir.resolve("agent-hub-restart");
        // a payment under way while the hub dies: its result must reach the hub once it is back
        String during = cloud.pay(site, 1299, "it-hub-restart-during");
        await().atMost(Duration.ofSeconds(60)).until(() -> journalHas(agentDir, "s1_sent", during));
        cloud.killHub();
        cloud.startHub();
        cloud.awaitConnected(site);
        JsonNode first = cloud.awaitFinal(during, Duration.ofSeconds(60));
        assertThat(first.path("state").asText()).as(first.toString()).isEqualTo("done");
        // and a job submitted after the restart arrives over the new stream
        JsonNode second = cloud.awaitFinal(cloud.pay(site, 1200, "it-hub-restart-after"), Duration.ofSeconds(60));
        assertThat(second.path("state").asText()).as(second.toString()).isEqualTo("done");
        assertThat(cloud.salesFor(first.path("result").path("reference").asText())).isEqualTo(1);

        String log = Programs.read(cloud.agentLog(agentDir));
        Matcher m = Pattern.compile("reconnecting in (\\d+) ms \\(attempt (\\d+)\\)").matcher(log);
        int attempts = 0;
        while (m.find()) {
            attempts++;
            long delay = Long.parseLong(m.group(1));
            int attempt = Integer.parseInt(m.group(2));
            long base = attempt == 1 ? 0 : attempt <= 6 ? 1000 : 5000;
            assertThat(delay).as("attempt %d", attempt).isBetween(Math.round(base * 0.8), Math.round(base * 1.2));
        }
        assertThat(attempts).as(log).isGreaterThanOrEqualTo(1);
        assertThat(log).contains("connected to the hub (stream)");
        Programs.stop(agent);
    }

    @Test
    void hubKilledJustAfterAcceptingAJobStillHasItAfterTheRestart() throws Exception {
        String site = cloud.createSite("hub-kill-after-201");
        String id = cloud.pay(site, 1200, "it-hub-kill-after-201"); // no agent: the job waits at the hub
        cloud.killHub(); // within milliseconds of the 201: an unflushed commit would be lost here
        cloud.startHub();
        JsonNode job = cloud.job(id);
        assertThat(job.path("id").asText()).as(job.toString()).isEqualTo(id);
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("queued");
    }

    @Test
    void agentKilledAfterAcceptingAJobRunsItOnceAfterTheRestart() throws Exception {
        String site = cloud.createSite("kill-before-run");
        Process agent = cloud.registeredAgent(site, "agent-kill-before-run", "--test-hold-before-run", "120");
        Path agentDir = dir.resolve("agent-kill-before-run");
        String id = cloud.pay(site, 1200, "it-kill-before-run");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> cloud.job(id).path("state").asText().equals("accepted"));
        assertThat(journalHas(agentDir, "received", id)).isTrue();
        assertThat(journalHas(agentDir, "s1_pending", id)).isFalse();
        agent.destroyForcibly().waitFor();

        Process again = cloud.startAgent(agentDir);
        JsonNode job = cloud.awaitFinal(id, Duration.ofSeconds(60));
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("done");
        assertThat(cloud.salesFor(job.path("result").path("reference").asText())).isEqualTo(1);
        assertThat(count(agentDir, "received", id)).isEqualTo(1);
        assertThat(count(agentDir, "s1_pending", id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> journalHas(agentDir, "posted", id));
        Programs.stop(again);
    }

    @Test
    void agentKilledBetweenS1AndS2SendsNoSecondS1AndRecoversTheOutcome() throws Exception {
        String site = cloud.createSite("kill-between-s1-s2");
        Process agent = cloud.registeredAgent(site, "agent-kill-s1");
        Path agentDir = dir.resolve("agent-kill-s1");
        String id = cloud.pay(site, 1299, "it-kill-between"); // .99: terminal-sim waits --slow-ms before authorising
        await().atMost(Duration.ofSeconds(60)).until(() -> journalHas(agentDir, "s1_sent", id));
        agent.destroyForcibly().waitFor();

        Process again = cloud.startAgent(agentDir);
        JsonNode job = cloud.awaitFinal(id, Duration.ofSeconds(90));
        JsonNode r = job.path("result");
        // the connection died before authorisation: terminal-sim cancelled the sale, the status query says so
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("failed");
        assertThat(r.path("outcome").asText()).isEqualTo("aborted");
        assertThat(r.path("recovered").asBoolean()).isTrue();
        assertThat(r.path("result_code").asInt()).isEqualTo(17);
        String ref = r.path("reference").asText();
        assertThat(cloud.salesFor(ref)).as("sale S1s for %s", ref).isEqualTo(1);
        assertThat(Programs.read(dir.resolve("terminal-sim.log"))).contains("recorded outcome of IT-01/" + ref);
        assertThat(count(agentDir, "s1_pending", id)).isEqualTo(1);
        assertThat(Programs.read(cloud.agentLog(agentDir))).contains("never paying again");
        Programs.stop(again);
    }
}
