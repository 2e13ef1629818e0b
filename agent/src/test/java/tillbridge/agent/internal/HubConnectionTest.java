package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tillbridge.agent.AgentEvents;
import tillbridge.common.testing.LowPorts;

class HubConnectionTest {
    private final FakeHub hub;
    private final List<String> jobs = new CopyOnWriteArrayList<>();
    private final List<String> modeChanges = new CopyOnWriteArrayList<>();
    private final List<String> superseded = new CopyOnWriteArrayList<>();
    private HubConnection connection;

    HubConnectionTest() throws Exception {
        hub = new FakeHub();
    }

    private final JobSink sink = new JobSink() {
        @Override
        public void offer(JsonNode job, long eventId) {
            jobs.add(job.path("id").asText() + "@" + eventId);
        }

        @Override
        public void answer(JsonNode answer) {}
    };

    private void start(Duration ping, Reconnect policy) throws Exception {
        HubClient client = new HubClient(hub.base(), "t0k3n", HubClient.http(Optional.empty()));
        connection = new HubConnection(client, ping, sink, policy, new AgentEvents() {
            @Override
            public void modeChanged(String from, String to, String reason) {
                modeChanges.add(from + "->" + to + ": " + reason);
            }

            @Override
            public void superseded(String mode, String reason) {
                superseded.add(mode + ": " + reason);
            }
        }, () -> { });
        Thread.ofVirtual().start(connection);
    }

    @AfterEach
    void stop() {
        if (connection != null) connection.close();
        hub.close();
    }

    @Test
    void resumesWithLastEventIdAfterTheHubEndsTheStream() throws Exception {
        hub.stream(": hello\n\nid: 5\nevent: job\ndata: {\"id\":\"job_a\"}\n\nevent: ping\ndata: {}\n\n", false);
        hub.stream(": hello again\n\nid: 6\nevent: job\ndata: {\"id\":\"job_b\"}\n\n", true);
        start(Duration.ofSeconds(120), new Reconnect(ReconnectTest.fixed(0.5)));
        FakeHub.Call first = hub.take("/agent/v1/stream", Duration.ofSeconds(10));
        assertThat(first.path()).isEqualTo("/agent/v1/stream?ping=120");
        assertThat(first.authorization()).isEqualTo("Bearer t0k3n");
        assertThat(first.lastEventId()).isNull();
        FakeHub.Call second = hub.take("/agent/v1/stream", Duration.ofSeconds(10));
        assertThat(second.lastEventId()).isEqualTo("5");
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.size() == 2);
        assertThat(jobs).containsExactly("job_a@5", "job_b@6");
        assertThat(connection.lastEventId()).isEqualTo(6);
    }

    @Test
    void aStreamWithoutPingsInTimeIsLeftForLongPollWhichResumesAfterTheLastId() throws Exception {
        hub.stream(": hello\n\nid: 3\nevent: job\ndata: {\"id\":\"job_a\"}\n\n", true); // then silence: a buffering proxy
        hub.poll("{\"events\":[{\"id\":4,\"event\":\"job\",\"data\":{\"id\":\"job_b\"}}],\"last_event_id\":4}");
        start(Duration.ofSeconds(1), new Reconnect(ReconnectTest.fixed(0.5), Duration.ofSeconds(1), Duration.ofMinutes(10)));
        hub.take("/agent/v1/stream", Duration.ofSeconds(10));
        FakeHub.Call poll = hub.take("/agent/v1/poll", Duration.ofSeconds(15));
        assertThat(poll.path()).isEqualTo("/agent/v1/poll?after=3");
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.size() == 2);
        assertThat(jobs).containsExactly("job_a@3", "job_b@4");
        assertThat(modeChanges).singleElement().asString().startsWith("stream->long poll: no event for");
        FakeHub.Call next = hub.take("/agent/v1/poll", Duration.ofSeconds(10));
        assertThat(next.path()).isEqualTo("/agent/v1/poll?after=4");
    }

    @Test
    void aJobThatCannotBeJournaledIsNotCountedAsSeen() throws Exception {
        List<String> offered = new CopyOnWriteArrayList<>();
        hub.stream(": hi\n\nid: 1\nevent: job\ndata: {\"id\":\"job_ok\"}\n\nid: 2\nevent: job\ndata: {\"id\":\"job_disk_full\"}\n\n", true);
        hub.stream(": hi\n\n", true);
        HubClient client = new HubClient(hub.base(), "t", HubClient.http(Optional.empty()));
        connection = new HubConnection(client, Duration.ofSeconds(120), new JobSink() {
            @Override
            public void offer(JsonNode job, long eventId) throws java.io.IOException {
                offered.add(job.path("id").asText());
                if (job.path("id").asText().equals("job_disk_full")) throw new java.io.IOException("No space left on device");
            }

            @Override
            public void answer(JsonNode answer) {}
        }, new Reconnect(ReconnectTest.fixed(0.5)), AgentEvents.NONE, () -> { });
        Thread.ofVirtual().start(connection);
        hub.take("/agent/v1/stream", Duration.ofSeconds(10));
        FakeHub.Call again = hub.take("/agent/v1/stream", Duration.ofSeconds(10));
        assertThat(again.lastEventId()).isEqualTo("1");
        assertThat(offered).containsExactly("job_ok", "job_disk_full");
    }

    /** After a sleep or a network change the open stream is ended and made again at once, resuming where it was. */
    @Test
    void reconnectNowEndsAnOpenStreamAndConnectsAgainAtOnceFromTheLastId() throws Exception {
        hub.stream(": hello\n\nid: 9\nevent: job\ndata: {\"id\":\"job_a\"}\n\n", true);
        hub.stream(": hello again\n\n", true);
        List<String> kicks = new CopyOnWriteArrayList<>();
        HubClient client = new HubClient(hub.base(), "t", HubClient.http(Optional.empty()));
        connection = new HubConnection(client, Duration.ofSeconds(120), sink, new Reconnect(ReconnectTest.fixed(0.5)), new AgentEvents() {
            @Override
            public void reconnectingNow(String mode, String why) {
                kicks.add(mode + ": " + why);
            }
        }, () -> { });
        Thread.ofVirtual().start(connection);
        hub.take("/agent/v1/stream", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.contains("job_a@9"));
        long before = System.nanoTime();
        connection.reconnectNow("the machine resumed after about 600 s asleep");
        FakeHub.Call again = hub.take("/agent/v1/stream", Duration.ofSeconds(10));
        assertThat(again.lastEventId()).isEqualTo("9");
        assertThat(kicks).containsExactly("stream: the machine resumed after about 600 s asleep");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("no reconnect delay").isLessThan(Reconnect.base(2).multipliedBy(5));
    }

    /** A proxy that refuses the stream request itself: after three failures in a row, long poll. */
    @Test
    void aStreamRefusedThreeTimesInARowIsLeftForLongPoll() throws Exception {
        hub.refuse("/agent/v1/stream", 502, "{\"error\":\"bad gateway\"}");
        hub.poll("{\"events\":[{\"id\":7,\"event\":\"job\",\"data\":{\"id\":\"job_p\"}}],\"last_event_id\":7}");
        start(Duration.ofSeconds(120), new Reconnect(ReconnectTest.fixed(0.5)));
        for (int i = 0; i < Reconnect.STREAM_FAILURES; i++) hub.take("/agent/v1/stream", Duration.ofSeconds(10));
        FakeHub.Call poll = hub.take("/agent/v1/", Duration.ofSeconds(10));
        assertThat(poll.path()).isEqualTo("/agent/v1/poll");
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.contains("job_p@7"));
        assertThat(modeChanges).singleElement().asString().startsWith("stream->long poll: 3 stream attempts failed in a row (last: stream: HTTP 502 bad gateway)");
    }

    /** A hub that is down (restarting, say) refuses connections: long poll would fail alike, so the agent keeps streaming. */
    @Test
    void aHubThatCannotBeReachedIsNotLeftForLongPoll() throws Exception {
        List<String> failures = new CopyOnWriteArrayList<>();
        HubClient client = new HubClient(URI.create("http://127.0.0.1:" + LowPorts.free()), "t0k3n", HubClient.http(Optional.empty()));
        connection = new HubConnection(client, Duration.ofSeconds(120), sink, new Reconnect(ReconnectTest.fixed(0.5)), new AgentEvents() {
            @Override
            public void modeChanged(String from, String to, String reason) {
                modeChanges.add(from + "->" + to + ": " + reason);
            }

            @Override
            public void disconnected(String mode, String reason, int attempt, Duration delay) {
                failures.add(mode + ": " + reason);
            }
        }, () -> { });
        Thread.ofVirtual().start(connection);
        await().atMost(Duration.ofSeconds(20)).until(() -> failures.size() > Reconnect.STREAM_FAILURES);
        assertThat(failures).allMatch(f -> f.startsWith("stream: ") && f.contains("connection refused"));
        assertThat(modeChanges).isEmpty();
    }

    /** A hub admitting other agents first answered the stream: no proxy is in the way, so the agent keeps streaming. */
    @Test
    void aStreamRefusedWithRetryAfterIsTriedAgainAsAStreamNotLeftForLongPoll() throws Exception {
        hub.overloaded("/agent/v1/stream", "1");
        hub.stream("event: job\nid: 9\ndata: {\"id\":\"job_s\"}\n\n", true);
        start(Duration.ofSeconds(120), new Reconnect(ReconnectTest.fixed(0.0)));
        for (int i = 0; i < Reconnect.STREAM_FAILURES + 1; i++) hub.take("/agent/v1/stream", Duration.ofSeconds(10));
        hub.admit("/agent/v1/stream");
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.contains("job_s@9"));
        assertThat(modeChanges).isEmpty();
    }

    /** 503 (the hub is stopping): polled again after a pause; 409 (a newer connection took over): a long pause, not a fight over the connection. */
    @Test
    void aPollAnswered503IsRetriedAndOneAnswered409PausesThePoller() throws Exception {
        hub.refuse("/agent/v1/stream", 502, "{\"error\":\"bad gateway\"}");
        hub.poll(503, "{\"error\":\"hub stopping\"}");
        hub.poll("{\"events\":[{\"id\":8,\"event\":\"job\",\"data\":{\"id\":\"job_q\"}}],\"last_event_id\":8}");
        hub.poll(409, "{\"error\":\"superseded by a newer connection\"}");
        start(Duration.ofSeconds(120), new Reconnect(ReconnectTest.fixed(0.5)));
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.contains("job_q@8") && !superseded.isEmpty());
        assertThat(superseded).singleElement().asString().startsWith("long poll: a newer connection with this agent's token took over").contains("connecting again in 5 min");
        for (int i = 0; i < Reconnect.STREAM_FAILURES + 3; i++) hub.take("/agent/v1/", Duration.ofSeconds(1));
        assertThatThrownBy(() -> hub.take("/agent/v1/", Duration.ofSeconds(3))).as("nothing during the pause after the 409").isInstanceOf(AssertionError.class);
    }

    /** After each ping on the stream: POST /agent/v1/heartbeat with the agent token and an empty body. */
    @Test
    void eachPingIsAnsweredWithAHeartbeat() throws Exception {
        hub.stream(": hello\n\nevent: ping\ndata: {}\n\nevent: ping\ndata: {}\n\n", true);
        start(Duration.ofSeconds(120), new Reconnect(ReconnectTest.fixed(0.5)));
        for (int i = 0; i < 2; i++) {
            FakeHub.Call beat = hub.take("/agent/v1/heartbeat", Duration.ofSeconds(10));
            assertThat(beat.method()).isEqualTo("POST");
            assertThat(beat.authorization()).isEqualTo("Bearer t0k3n");
            assertThat(beat.body()).isEmpty();
        }
    }

    /** A hub that refuses heartbeats does not end the stream. */
    @Test
    void aRefusedHeartbeatDoesNotEndTheStream() throws Exception {
        hub.refuse("/agent/v1/heartbeat", 404, "{\"error\":\"not found\"}");
        hub.stream(": hello\n\nevent: ping\ndata: {}\n\n", true);
        hub.stream(": second\n\n", true);
        start(Duration.ofSeconds(120), new Reconnect(ReconnectTest.fixed(0.5)));
        hub.take("/agent/v1/heartbeat", Duration.ofSeconds(10));
        assertThatThrownBy(() -> hub.take("/agent/v1/stream", Duration.ofSeconds(3))).as("no reconnect").isInstanceOf(AssertionError.class);
    }
}
