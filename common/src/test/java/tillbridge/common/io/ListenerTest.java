package tillbridge.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerTest {
    @TempDir
    Path dir;

    @Test
    void staleSocketFileIsRemovedAndTheFileGoesOnClose() throws IOException {
        Path sock = dir.resolve("t.sock");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(sock)); // closing leaves the file behind, as a crash does
        }
        assertThat(sock).exists();

        try (Listener l = Listener.bind("unix:" + sock)) {
            assertThat(l.address()).isEqualTo(UnixDomainSocketAddress.of(sock));
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void liveSocketAndOrdinaryFileAreLeftAlone() throws IOException {
        Path sock = dir.resolve("live.sock");
        try (Listener live = Listener.bind("unix:" + sock)) {
            assertThat(live.address()).isNotNull();
            assertThatThrownBy(() -> Listener.bind("unix:" + sock)).isInstanceOf(IOException.class).hasMessageContaining("listening");
        }
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> Listener.bind("unix:" + file)).isInstanceOf(IOException.class).hasMessageContaining("not a socket");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void tcpOnAnyFreePort() throws IOException {
        try (Listener l = Listener.bind("tcp:127.0.0.1:0")) {
            assertThat(((InetSocketAddress) l.address()).getPort()).isPositive();
        }
    }

    @Test
    void aBusyPortIsReportedWithItsAddress() throws IOException {
        try (Listener first = Listener.bind("tcp:127.0.0.1:0")) {
            String spec = "tcp:127.0.0.1:" + ((InetSocketAddress) first.address()).getPort();
            assertThatThrownBy(() -> Listener.bind(spec)).isInstanceOf(IOException.class)
                    .hasMessage("cannot listen on " + spec + ": address already in use");
        }
    }

    @Test
    void aMissingSocketDirectoryIsNamed() {
        Path sock = dir.resolve("no-such-dir/t.sock");
        assertThatThrownBy(() -> Listener.bind("unix:" + sock)).isInstanceOf(IOException.class)
                .hasMessage("cannot listen on unix:" + sock + ": the directory " + sock.getParent() + " does not exist");
    }

    @Test
    void anUnknownHostIsNamed() {
        assertThatThrownBy(() -> Listener.bind("tcp:no-such-host.invalid:0")).isInstanceOf(IOException.class)
                .hasMessage("cannot listen on tcp:no-such-host.invalid:0: unknown host 'no-such-host.invalid'");
    }

    @Test
    void hostAndPortAloneMeanTcp() throws IOException {
        try (Listener l = Listener.bind("127.0.0.1:0")) {
            assertThat(((InetSocketAddress) l.address()).getPort()).isPositive();
        }
    }

    @Test
    void badSpecIsRefused() {
        for (String spec : new String[] {"udp:1.2.3.4:5", "unix:", "tcp:localhost", "tcp:localhost:http", "tcp:localhost:70000", "localhost", "localhost:http"})
            assertThatThrownBy(() -> Listener.bind(spec)).as(spec).isInstanceOf(IllegalArgumentException.class);
    }
}
