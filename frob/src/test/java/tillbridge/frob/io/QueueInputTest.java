package tillbridge.frob.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class QueueInputTest {
    @Test
    void pumpHandsOnEveryByteThenTheEnd() throws IOException {
        QueueInput q = QueueInput.pump(Thread.ofPlatform().daemon(), "test", new ByteArrayInputStream("hello, serial".getBytes(UTF_8)));
        assertThat(new String(q.readAllBytes(), UTF_8)).isEqualTo("hello, serial");
        assertThat(q.read()).isEqualTo(-1);
    }

    @Test
    void aReadErrorReachesTheReaderAfterTheBytesBeforeIt() {
        InputStream failing = new InputStream() {
            private int calls;

            @Override
            public int read() {
                return -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (calls++ > 0) throw new IOException("port gone");
                b[off] = 'x';
                return 1;
            }
        };
        QueueInput q = QueueInput.pump(Thread.ofPlatform().daemon(), "test", failing);
        byte[] one = new byte[1];
        assertThatThrownBy(() -> {
            assertThat(q.read(one, 0, 1)).isEqualTo(1);
            q.read(one, 0, 1);
        }).hasMessage("port gone");
        assertThat(one[0]).isEqualTo((byte) 'x');
    }
}
