package tillbridge.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tillbridge.hub.TestClock;

/** The memory of credentials verified lately, on a virtual clock. */
class VerifiedTest {
    private static final String HASH = Secrets.sha256("a key");

    private final TestClock clock = TestClock.standingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private final Verified<String> verified = new Verified<>(clock);
    private final AtomicInteger asked = new AtomicInteger();
    private Optional<Verified.Found<String>> stored = Optional.of(new Verified.Found<>("tenant-a", null));
    private final Function<String, Optional<Verified.Found<String>>> store = h -> {
        asked.incrementAndGet();
        return stored;
    };

    @Test
    void aVerifiedCredentialIsAnsweredFromMemoryUntilItsTimeIsUp() {
        assertThat(verified.owner(HASH, store)).contains("tenant-a");
        clock.advance(Verified.FOR.minusMillis(1));
        assertThat(verified.owner(HASH, store)).contains("tenant-a");
        assertThat(asked).hasValue(1);
    }

    @Test
    void aCredentialRevokedElsewhereStopsWorkingWithinTheBound() {
        verified.owner(HASH, store);
        stored = Optional.empty();

        clock.advance(Verified.FOR);

        assertThat(verified.owner(HASH, store)).isEmpty();
        assertThat(verified.owner(HASH, store)).isEmpty();
        assertThat(asked).hasValue(3);
    }

    @Test
    void aCredentialIsNeverTrustedPastItsOwnExpiry() {
        stored = Optional.of(new Verified.Found<>("tenant-a", clock.instant().plusSeconds(3)));
        verified.owner(HASH, store);
        stored = Optional.empty();

        clock.advance(Duration.ofSeconds(3));

        assertThat(verified.owner(HASH, store)).isEmpty();
    }

    @Test
    void anUnknownCredentialIsNotRememberedSoAKeyJustIssuedWorksAtOnce() {
        stored = Optional.empty();
        assertThat(verified.owner(HASH, store)).isEmpty();
        stored = Optional.of(new Verified.Found<>("tenant-a", null));
        assertThat(verified.owner(HASH, store)).contains("tenant-a");
    }

    @Test
    void aRevocationOnThisNodeHoldsAtOnce() {
        verified.owner(HASH, store);
        stored = Optional.empty();

        verified.forgetAll();

        assertThat(verified.owner(HASH, store)).isEmpty();
    }

    @Test
    void aSecondCredentialDoesNotAnswerForTheFirst() {
        verified.owner(HASH, store);
        stored = Optional.empty();
        assertThat(verified.owner(Secrets.sha256("another key"), store)).isEmpty();
    }
}
