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
 * What breaks the agent's hub connection without closing it. A middlebox that holds back the event
 * stream (pings never arrive) while the connection stays open: the agent must notice within two
 * ping periods, fall back to long polling, and still run the box office's payments. And a sleep:
 * after it, the agent connects again at once instead of waiting for a missed ping.
 */
class HubConnectionFaultsTest {
    private static final int PING = 10;

    @TempDir
    static Path dir;
    private static Cloud cloud;
    private static BufferingRelay relay;

    @BeforeAll
    static void start() throws Exception {
        cloud = new Cloud(dir, List.of(), List.of());
        relay = new BufferingRelay(cloud.hubPort);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) cloud.close();
        if (relay != null) relay.close();
    }

    @Test
    void aBufferedStreamIsLeftForLongPollWithinTwoPingPeriodsAndPaymentsStillRun() throws Exception {
        String site = cloud.createSite("behind a buffering proxy");
        Path agent = cloud.registeredDir(site, "agent-buffered");
        Path config = agent.resolve("agent.json");
        Files.writeString(config, Files.readString(config).replace(cloud.hubUrl(), "http://127.0.0.1:" + relay.port())
                .replace("\"ping_seconds\" : 120", "\"ping_seconds\" : " + PING));
        cloud.startAgent(agent);
        Path log = cloud.agentLog(agent);
        cloud.awaitConnected(site);

        await().atMost(Duration.ofSeconds(4L * PING)).until(() -> Programs.read(log).contains("switching from stream to long poll"));
        // the stream's first bytes never arrive either, so the agent counts from the moment it opened the stream
        Matcher m = Pattern.compile("no event for (\\d+) s over an open stream \\(pings asked every " + PING + " s; a buffering proxy\\?\\)")
                .matcher(Programs.read(log));
        assertThat(m.find()).as(Programs.read(log)).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isLessThan(2 * PING);

        String job = cloud.pay(site, 1250, "buffered-1");
        JsonNode done = cloud.awaitFinal(job, Duration.ofSeconds(60));
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("result").path("outcome").asText()).isEqualTo("approved");
        assertThat(cloud.salesFor(done.path("result").path("reference").asText())).isEqualTo(1);
    }

    @Test
    void afterASleepTheAgentConnectsAgainAtOnce() throws Exception {
        String site = cloud.createSite("laptop that sleeps");
        Path agent = cloud.registeredDir(site, "agent-sleeper");
        Path log = cloud.agentLog(agent);
        ProcessBuilder b = new ProcessBuilder(Programs.command("agent", "run", "--config-dir", agent.toString()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        FakeTime clock = FakeTime.preload(dir, b.environment());
        Process p = b.start();
        try {
            cloud.awaitConnected(site);
            await().atMost(Duration.ofSeconds(30)).until(() -> Programs.read(log).contains("connected to the hub (stream)"));

            clock.leapAhead(900);

            await().atMost(Duration.ofSeconds(20)).until(() -> Programs.read(log).contains("connecting to the hub again at once"));
            assertThat(Programs.read(log)).contains("the machine resumed after about 900 s asleep");
            await().atMost(Duration.ofSeconds(20)).until(() -> Programs.read(log).lines().filter(l -> l.contains("connected to the hub (stream)")).count() == 2);
        } finally {
            Programs.stop(p);
        }
    }
}
