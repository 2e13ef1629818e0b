package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tillbridge.agent.internal.HubClient.HubException;
import tillbridge.agent.print.Document;

/** Fetching a document again after transient failures until the job's start deadline, on a virtual clock. */
class DocumentFetchTest {
    private static final Instant ACCEPTED = Instant.parse("2026-12-03T12:00:00Z");
    private static final Instant DEADLINE = ACCEPTED.plusSeconds(120);

    /** A clock that moves only when slept on. */
    static final class VirtualTime implements Time {
        Instant now = ACCEPTED;
        final List<Duration> slept = new ArrayList<>();

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public void sleep(Duration d) {
            slept.add(d);
            now = now.plus(d);
        }
    }

    private static DocumentFetch.Source failing(AtomicInteger calls, int times, int status) {
        return id -> {
            if (calls.incrementAndGet() <= times) throw new HubException(status, "document " + id + ": HTTP " + status);
            return Document.text("Bilet");
        };
    }

    @Test
    void transientFailuresAreTriedAgainWithGrowingWaits() throws Exception {
        VirtualTime time = new VirtualTime();
        AtomicInteger calls = new AtomicInteger();

        Document d = DocumentFetch.fetch(failing(calls, 3, 503), "doc_1", DEADLINE, time);

        assertThat(d.text()).isEqualTo("Bilet");
        assertThat(calls).hasValue(4);
        assertThat(time.slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void aDocumentTheHubDoesNotHaveFailsAtOnce() {
        VirtualTime time = new VirtualTime();
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> DocumentFetch.fetch(failing(calls, 99, 404), "doc_2", DEADLINE, time))
                .isInstanceOf(HubException.class).hasMessage("document doc_2: HTTP 404");
        assertThat(calls).hasValue(1);
        assertThat(time.slept).isEmpty();
    }

    @Test
    void aFailureLastingPastTheDeadlineFailsSayingSo() {
        VirtualTime time = new VirtualTime();
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> DocumentFetch.fetch(failing(calls, 1000, 0), "doc_3", DEADLINE, time))
                .isInstanceOf(IOException.class).hasMessageStartingWith("document doc_3: HTTP 0 (still failing after")
                .hasMessageEndingWith("attempts, at the job's start deadline)");
        assertThat(time.now).isEqualTo(DEADLINE);
    }

    @Test
    void onlyNoAnswerTimeoutsBusyAndServerErrorsAreTransient() {
        assertThat(List.of(0, 408, 429, 500, 502, 503)).allMatch(s -> DocumentFetch.transientFailure(new HubException(s, "x")));
        assertThat(List.of(200, 400, 401, 403, 404, 413)).noneMatch(s -> DocumentFetch.transientFailure(new HubException(s, "x")));
        assertThat(DocumentFetch.transientFailure(new IOException("x"))).isFalse();
    }
}
