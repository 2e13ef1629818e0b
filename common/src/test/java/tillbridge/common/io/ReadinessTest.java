package tillbridge.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadinessTest {
    @TempDir
    Path dir;

    @Test
    void noOptionClaimsNothingAndReadyDoesNothing() throws Exception {
        Readiness.claim(null).ready();
    }

    @Test
    void aRegularFileIsRefusedAndLeftUnchanged() throws Exception {
        Path file = dir.resolve("file");
        Files.writeString(file, "mine");
        int fd = Libc.openForAppend(file);
        try {
            assertThatThrownBy(() -> Readiness.claim(fd))
                    .isInstanceOf(Readiness.Refused.class)
                    .hasMessage("--notify-fd " + fd + ": descriptor " + fd + " is not an open pipe, FIFO or socket (it is a regular file)");
            assertThat(Files.readString(file)).isEqualTo("mine");
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void aDescriptorNotOpenIsRefused() {
        assertThatThrownBy(() -> Readiness.claim(999))
                .isInstanceOf(Readiness.Refused.class)
                .hasMessage("--notify-fd 999: descriptor 999 is not an open pipe, FIFO or socket (it is not open)");
    }

    @Test
    void aFifoGetsOneNewlineThenItsEnd() throws Exception {
        Path fifo = dir.resolve("ready");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = new FileInputStream(fifo.toFile())) {
                return in.readAllBytes(); // ends only when the writer closes
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int fd = openWhenReaderIsThere(fifo);
        Readiness r = Readiness.claim(fd);
        r.ready();
        r.ready(); // once only
        assertThat(read.get(10, TimeUnit.SECONDS)).containsExactly('\n');
        assertThat(Libc.fileType(fd)).isEqualTo(Libc.FileType.NOT_OPEN);
    }

    /** A FIFO opened for writing without a reader fails (ENXIO): retry until the reader thread has opened it. */
    private static int openWhenReaderIsThere(Path fifo) throws Exception {
        for (int i = 0; ; i++) {
            try {
                return Libc.openForAppend(fifo);
            } catch (java.io.IOException e) {
                if (i >= 1000) throw e;
                Thread.sleep(10);
            }
        }
    }
}
