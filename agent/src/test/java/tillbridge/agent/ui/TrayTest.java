package tillbridge.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TrayTest {
    final UiStatus status = new UiStatus(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), "1.0");

    @Test
    void connectedIsAGreenIconSayingSo() {
        status.connected("stream");
        Tray.Look look = Tray.Look.of(status.snapshot());
        assertThat(look.light()).isEqualTo(UiStatus.Light.GREEN);
        assertThat(look.tooltip()).isEqualTo("tillbridge agent: connected to the hub");
    }

    @Test
    void notConnectedIsARedIconWithTheReasonCutToWhatATooltipHolds() {
        status.disconnected("stream", "stream: connection refused " + "x".repeat(200), 3, Duration.ofSeconds(1));
        Tray.Look look = Tray.Look.of(status.snapshot());
        assertThat(look.light()).isEqualTo(UiStatus.Light.RED);
        assertThat(look.tooltip()).startsWith("tillbridge agent: not connected to the hub (stream: connection refused").hasSize(Tray.TOOLTIP_MAX);
    }

    @Test
    void theIconIsADotInThePagesColour() {
        assertThat(Tray.image(UiStatus.Light.AMBER).getRGB(32, 32) & 0xffffff).isEqualTo(0xe0a000);
        assertThat(Tray.image(UiStatus.Light.AMBER).getRGB(0, 0) >>> 24).isZero(); // transparent around it
    }
}
