package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TunnelLifeTest {
    private static final Duration FLOOR = Duration.ofSeconds(5);

    @Test
    void twoIdleCutsInARowBeforeThePingHalveTheObservedLife() {
        TunnelLife t = new TunnelLife(Duration.ofSeconds(120), FLOOR);
        assertThat(t.streamCut(60_400)).isEmpty();
        TunnelLife.Shortened s = t.streamCut(59_800).orElseThrow();
        assertThat(s.from()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.to()).isEqualTo(Duration.ofSeconds(29));
        assertThat(s.reason()).contains("about 60 s without traffic").contains("every 29 s instead of 120 s");
        assertThat(t.ping()).isEqualTo(Duration.ofSeconds(29));
    }

    @Test
    void oneCutIsNotEnoughForItMayBeAHubRestart() {
        TunnelLife t = new TunnelLife(Duration.ofSeconds(120), FLOOR);
        assertThat(t.streamCut(30_000)).isEmpty();
        t.streamEndedOtherwise();
        assertThat(t.streamCut(30_000)).isEmpty();
        assertThat(t.ping()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void cutsThatDisagreeStartTheCountAgain() {
        TunnelLife t = new TunnelLife(Duration.ofSeconds(120), FLOOR);
        assertThat(t.streamCut(10_000)).isEmpty();
        assertThat(t.streamCut(60_000)).isEmpty();
        assertThat(t.streamCut(61_000)).isPresent();
    }

    @Test
    void aStreamThatLivedToItsNextPingWasNotCutForIdleness() {
        TunnelLife t = new TunnelLife(Duration.ofSeconds(20), FLOOR);
        assertThat(t.streamCut(19_000)).isEmpty();
        assertThat(t.streamCut(19_000)).isEmpty();
        assertThat(t.ping()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theNewPeriodNeverGoesBelowTheHubsMinimumAndSaysSo() {
        TunnelLife t = new TunnelLife(Duration.ofSeconds(60), FLOOR);
        t.streamCut(6_000);
        TunnelLife.Shortened s = t.streamCut(6_500).orElseThrow();
        assertThat(s.to()).isEqualTo(FLOOR);
        assertThat(s.reason()).contains("the hub's minimum");
        t.streamCut(4_000);
        assertThat(t.streamCut(4_000)).as("already at the floor").isEmpty();
    }
}
