package tillbridge.agent.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import tillbridge.agent.internal.HubClient.HubException;
import tillbridge.agent.print.Document;

/**
 * A print job's document fetched from the hub, through a hub or network that may fail for a
 * while: a transient failure (no answer, the body cut off, HTTP 408, 429 or 5xx) is tried again
 * ({@link Backoff}) until the job's start deadline; a permanent one (the hub has no such document,
 * refuses it, or it is larger than 16 MiB or does not match its SHA-256) fails at once. What is
 * returned is whole: its length and SHA-256 were checked ({@link HubClient#document}), so a cut-off
 * document is never printed.
 */
final class DocumentFetch {
    private DocumentFetch() {}

    /** Where a print job's document comes from: the hub. */
    @FunctionalInterface
    interface Source {
        Document fetch(String id) throws IOException, InterruptedException;
    }

    /**
     * @param deadline the job's start deadline: no attempt begins after it
     * @throws IOException the last failure, saying whether it was permanent or lasted until the deadline
     */
    static Document fetch(Source hub, String id, Instant deadline, Time time) throws IOException, InterruptedException {
        Backoff backoff = new Backoff(Jobs.RETRY_FIRST, Jobs.RETRY_MAX, deadline);
        for (int attempt = 1; ; attempt++) {
            try {
                return hub.fetch(id);
            } catch (IOException e) {
                if (!transientFailure(e)) throw e;
                Optional<Duration> wait = backoff.failed(time.now());
                if (wait.isEmpty()) {
                    throw new IOException(e.getMessage() + " (still failing after " + attempt + " attempts, at the job's start deadline)", e);
                }
                time.sleep(wait.get());
            }
        }
    }

    /** Whether asking again may help: no answer or a cut-off body (status 0), or the hub busy or failing. */
    static boolean transientFailure(IOException e) {
        if (!(e instanceof HubException h)) return false;
        int s = h.status();
        return s == 0 || s == 408 || s == 429 || s >= 500;
    }
}
