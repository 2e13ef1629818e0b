package tillbridge.frob.channel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.io.Libc;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BindingTest {
    @TempDir
    Path dir;

    @Test
    void inheritedDescriptorIsWrittenAndReadThroughLibc() throws Exception {
        Path file = dir.resolve("storage.jsonl");
        int out = Libc.openForAppend(file);
        Binding storage = ChannelSpec.parse("fd:" + out).open(ChannelName.STORAGE);
        assertThat(storage.readable()).isFalse();
        storage.out().write("one line\n".getBytes(UTF_8));
        assertThat(Files.readString(file)).isEqualTo("one line\n");

        int in = Libc.openForRead(file);
        Binding device = ChannelSpec.parse("fd:" + in).open(ChannelName.DEVICE);
        assertThat(device.writable()).as("a read-only descriptor").isFalse();
        assertThat(new String(device.in().readAllBytes(), UTF_8)).isEqualTo("one line\n");
        Libc.close(out);
        Libc.close(in);
    }

    @Test
    void outChannelOnAReadOnlyDescriptorIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "");
        int in = Libc.openForRead(file);
        assertThatThrownBy(() -> ChannelSpec.parse("fd:" + in).open(ChannelName.PAYMENT)).hasMessageContaining("not open for writing");
        Libc.close(in);
    }

    @Test
    void pathAppendsToAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("log"), "before\n");
        Binding b = ChannelSpec.parse("path:" + file).open(ChannelName.STORAGE);
        b.out().write("after\n".getBytes(UTF_8));
        b.resource().close();
        assertThat(Files.readString(file)).isEqualTo("before\nafter\n");
    }

    @Test
    void pathCreatesAFileThatIsNotThereYet() throws Exception {
        Path file = dir.resolve("new.jsonl");
        Binding b = ChannelSpec.parse("path:" + file).open(ChannelName.STORAGE);
        b.out().write("first\n".getBytes(UTF_8));
        b.resource().close();
        assertThat(Files.readString(file)).isEqualTo("first\n");
    }

    @Test
    void fifoWithNoReaderFailsAtOnceInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("payment.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> ChannelSpec.parse("path:" + fifo).open(ChannelName.PAYMENT)).hasMessageContaining("No such device or address");
    }

    @Test
    void unixSocketIsTwoWayForPaymentAndWriteOnlyForStorage() throws Exception {
        Path sock = dir.resolve("t.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Binding payment = ChannelSpec.parse("unix:" + sock).open(ChannelName.PAYMENT);
            Binding storage = ChannelSpec.parse("unix:" + sock).open(ChannelName.STORAGE);
            assertThat(payment.readable() && payment.writable()).isTrue();
            assertThat(storage.readable()).isFalse();
            try (SocketChannel peer = server.accept()) {
                payment.out().write("ping\n".getBytes(UTF_8));
                var r = new BufferedReader(new InputStreamReader(Channels.newInputStream(peer), UTF_8));
                assertThat(r.readLine()).isEqualTo("ping");
                Channels.newOutputStream(peer).write("pong\n".getBytes(UTF_8));
                assertThat(new BufferedReader(new InputStreamReader(payment.in(), UTF_8)).readLine()).isEqualTo("pong");
            }
            payment.resource().close();
            storage.resource().close();
        }
    }
}
