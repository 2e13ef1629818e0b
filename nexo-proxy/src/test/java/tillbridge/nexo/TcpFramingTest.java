package tillbridge.nexo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tillbridge.nexo.transport.TcpFraming;

class TcpFramingTest {
    @Test
    void writesALengthAndTheJsonAndReadsThemBack() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TcpFraming.write(out, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        TcpFraming.write(out, "{}".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = out.toByteArray();
        assertThat(bytes).startsWith(0, 0, 0, 7, '{');
        InputStream in = new ByteArrayInputStream(bytes);
        assertThat(new String(TcpFraming.read(in), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(new String(TcpFraming.read(in), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(TcpFraming.read(in)).isNull();
    }

    @Test
    void takesTheLargestFrameAndRefusesOneByteMore() throws IOException {
        byte[] max = new byte[TcpFraming.MAX];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TcpFraming.write(out, max);
        assertThat(TcpFraming.read(new ByteArrayInputStream(out.toByteArray()))).hasSize(TcpFraming.MAX);
        assertThatThrownBy(() -> TcpFraming.write(new ByteArrayOutputStream(), new byte[TcpFraming.MAX + 1])).isInstanceOf(TcpFraming.FramingException.class);
        assertThatThrownBy(() -> TcpFraming.write(new ByteArrayOutputStream(), new byte[0])).isInstanceOf(TcpFraming.FramingException.class);
    }

    @Test
    void refusesABadLengthWithoutReadingTheBody() {
        // a huge length must fail at once, not allocate or wait for 2 GiB
        CountingStream huge = new CountingStream(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3});
        assertThatThrownBy(() -> TcpFraming.read(huge)).isInstanceOf(TcpFraming.FramingException.class).hasMessageContaining("frame length 2147483647");
        assertThat(huge.read).isEqualTo(4);
        assertThatThrownBy(() -> TcpFraming.read(new ByteArrayInputStream(new byte[] {0, 1, 0, 1}))).hasMessageContaining("65537");
        assertThatThrownBy(() -> TcpFraming.read(new ByteArrayInputStream(new byte[] {(byte) 0x80, 0, 0, 0}))).isInstanceOf(TcpFraming.FramingException.class);
        assertThatThrownBy(() -> TcpFraming.read(new ByteArrayInputStream(new byte[] {0, 0, 0, 0}))).hasMessageContaining("frame length 0");
    }

    @Test
    void reportsInputEndingInsideAFrame() {
        assertThatThrownBy(() -> TcpFraming.read(new ByteArrayInputStream(new byte[] {0, 0}))).hasMessageContaining("inside a length header");
        assertThatThrownBy(() -> TcpFraming.read(new ByteArrayInputStream(new byte[] {0, 0, 0, 5, '{', '}'}))).hasMessageContaining("inside a frame of 5 bytes");
    }

    private static final class CountingStream extends InputStream {
        private final byte[] data;
        int read;

        CountingStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return read < data.length ? data[read++] & 0xFF : -1;
        }
    }
}
