package tillbridge.frob.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionLockTest {
    @Test
    void inProcessLockIsHeldBySessionAndReleasedOnlyByItsHolder() {
        InProcessLock lock = new InProcessLock();
        assertThat(lock.tryAcquire("a")).isTrue();
        assertThat(lock.tryAcquire("a")).isTrue(); // the holder again: still its own
        assertThat(lock.tryAcquire("b")).isFalse();
        lock.release("b"); // not the holder: ignored
        assertThat(lock.holder()).isEqualTo("a");
        lock.release("a");
        assertThat(lock.tryAcquire("b")).isTrue();
    }

    @Test
    void fileLockNamesItsHolderAndIsFreeAfterRelease(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("tx.lock");
        try (FileTransactionLock lock = FileTransactionLock.open(path)) {
            assertThat(lock.tryAcquire("7-1")).isTrue();
            assertThat(Files.readString(path)).startsWith("7-1 pid " + ProcessHandle.current().pid());
            assertThat(lock.tryAcquire("7-2")).isFalse();
            lock.release("7-1");
            assertThat(Files.readString(path)).isEmpty();
            assertThat(lock.tryAcquire("7-2")).isTrue();
        }
    }

    @Test
    void bothGivesTheFirstBackWhenTheSecondIsRefused() {
        InProcessLock first = new InProcessLock();
        InProcessLock second = new InProcessLock();
        second.tryAcquire("elsewhere");
        TransactionLock both = TransactionLock.both(first, second);
        assertThat(both.tryAcquire("a")).isFalse();
        assertThat(first.holder()).isNull();
        second.release("elsewhere");
        assertThat(both.tryAcquire("a")).isTrue();
        both.release("a");
        assertThat(first.holder()).isNull();
        assertThat(second.holder()).isNull();
    }
}
