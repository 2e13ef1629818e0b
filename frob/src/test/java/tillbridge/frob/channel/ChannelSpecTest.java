package tillbridge.frob.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelSpecTest {
    @Test
    void parsesEveryKind() {
        assertThat(ChannelSpec.parse("fd:3")).isEqualTo(new ChannelSpec(ChannelSpec.Kind.FD, "3"));
        assertThat(ChannelSpec.parse("path:/run/a b.fifo")).isEqualTo(new ChannelSpec(ChannelSpec.Kind.PATH, "/run/a b.fifo"));
        assertThat(ChannelSpec.parse("unix:/run/x.sock")).isEqualTo(new ChannelSpec(ChannelSpec.Kind.UNIX, "/run/x.sock"));
        assertThat(ChannelSpec.parse("tcp:[::1]:7000")).isEqualTo(new ChannelSpec(ChannelSpec.Kind.TCP, "[::1]:7000"));
        assertThat(ChannelSpec.parse("tcp:localhost:7000")).hasToString("tcp:localhost:7000");
    }

    @Test
    void refusesBadSpecsSayingWhy() {
        assertThatThrownBy(() -> ChannelSpec.parse("serial:/dev/ttyS0")).hasMessageContaining("must start with fd:, path:, unix: or tcp:");
        assertThatThrownBy(() -> ChannelSpec.parse("fd:1")).hasMessageContaining("fd 0 and 1 are the ECR");
        assertThatThrownBy(() -> ChannelSpec.parse("fd:x")).hasMessageContaining("descriptor number");
        assertThatThrownBy(() -> ChannelSpec.parse("tcp:localhost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> ChannelSpec.parse("tcp:localhost:70000")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> ChannelSpec.parse("unix:")).hasMessageContaining("needs a path");
    }
}
