package tillbridge.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner's wait: on a FIFO's read end, as frob waits on a pipe or socket from its ECR. */
class WakeupTest {
    /** Long enough never to end a passing test; only a broken wake-up or readiness reaches it. */
    private static final long FOREVER_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final Duration GUARD = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private int reader = -1;
    private int writer = -1;

    @BeforeEach
    void fifo() throws Exception {
        Path fifo = dir.resolve("ecr");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        // a blocking open for reading waits for a writer; the writer's non-blocking open needs that reader
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Libc.openForRead(fifo);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long giveUp = System.nanoTime() + GUARD.toNanos();
        while (writer < 0) {
            try {
                writer = Libc.openForAppend(fifo);
            } catch (IOException noReaderYet) {
                if (System.nanoTime() - giveUp > 0) throw noReaderYet;
                Thread.onSpinWait();
            }
        }
        reader = read.get(GUARD.toSeconds(), TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (writer >= 0) Libc.close(writer);
        if (reader >= 0) Libc.close(reader);
    }

    @Test
    void bytesWaitingMakeTheWatchedDescriptorReadable() throws IOException {
        try (Wakeup w = Wakeup.watching(reader).orElseThrow()) {
            assertThat(w.await(0)).isFalse();
            Libc.write(writer, new byte[] {2}, 0, 1);
            assertThat(assertTimeoutPreemptively(GUARD, () -> w.await(FOREVER_MILLIS))).isTrue();
        }
    }

    @Test
    void theWritersEndIsReadableSoTheOwnerReadsTheEnd() throws IOException {
        try (Wakeup w = Wakeup.watching(reader).orElseThrow()) {
            Libc.close(writer);
            writer = -1;
            assertThat(assertTimeoutPreemptively(GUARD, () -> w.await(FOREVER_MILLIS))).isTrue();
            assertThat(Libc.read(reader, new byte[1], 0, 1)).isEqualTo(-1);
        }
    }

    @Test
    void aWakeFromAnotherThreadEndsTheWaitOnceWithoutInput() throws Exception {
        try (Wakeup w = Wakeup.watching(reader).orElseThrow()) {
            Thread.ofPlatform().start(w::wake).join();
            assertThat(assertTimeoutPreemptively(GUARD, () -> w.await(FOREVER_MILLIS))).isFalse();
            assertThat(w.await(0)).as("the wake-up was consumed").isFalse();
        }
    }

    @Test
    void aRegularFileIsNotWatchedSoTheCallerReadsItOnAThread() throws IOException {
        Path file = Files.writeString(dir.resolve("input"), "x");
        int fd = Libc.openForRead(file);
        try {
            Optional<Wakeup> w = Wakeup.watching(fd);
            assertThat(w).isEmpty();
        } finally {
            Libc.close(fd);
        }
    }
}
