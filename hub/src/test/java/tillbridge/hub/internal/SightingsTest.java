package tillbridge.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SightingsTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    final Sightings s = new Sightings(Duration.ofSeconds(150));

    @Test
    void neverSeenIsNotConnected() {
        assertThat(s.connected("site", T0)).isFalse();
    }

    @Test
    void connectedUntilTheIdleLimitAfterTheLastRequest() {
        s.seen("site", T0);

        assertThat(s.connected("site", T0.plusSeconds(149))).isTrue();
        assertThat(s.connected("site", T0.plusSeconds(150))).isFalse();
    }

    @Test
    void eachRequestExtendsIt() {
        s.seen("site", T0);
        s.seen("site", T0.plusSeconds(120));

        assertThat(s.connected("site", T0.plusSeconds(260))).isTrue();
        assertThat(s.last("site").orElseThrow().at()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void aStreamWithALongPingKeepsItsLongerLimitForLaterRequests() {
        s.seen("site", T0, Duration.ofSeconds(330));
        s.seen("site", T0.plusSeconds(10));

        assertThat(s.connected("site", T0.plusSeconds(300))).isTrue();
        assertThat(s.connected("site", T0.plusSeconds(340))).isFalse();
    }
}
