package tillbridge.frob.lock;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --lock PATH}: an OS file lock (fcntl, whole file, exclusive) shared by separate frob
 * processes, e.g. one per connection under tcpserver. The file is created if missing and is never
 * deleted. The OS drops the lock when the holding process dies, even by kill -9. While held, the
 * file holds the holder's session id, for people looking ({@code cat PATH}); nobody relies on it.
 *
 * <p>The JVM allows one lock on a file per process, so sessions of one process must share one
 * instance behind an {@link InProcessLock} ({@link TransactionLock#both}).
 */
public final class FileTransactionLock implements TransactionLock, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileTransactionLock.class);

    private final Path path;
    private final FileChannel file;
    private FileLock held;
    private String holder;

    private FileTransactionLock(Path path, FileChannel file) {
        this.path = path;
        this.file = file;
    }

    /** Opens (creating) the lock file; fails when it cannot be opened for writing. */
    public static FileTransactionLock open(Path path) throws IOException {
        return new FileTransactionLock(path, FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    @Override
    public synchronized boolean tryAcquire(String session) {
        if (held != null) return session.equals(holder);
        try {
            held = file.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("lock file " + path + " is locked twice by this process", e);
        } catch (IOException e) {
            log.error("lock file {}: {}; answering busy", path, e.getMessage());
            return false;
        }
        if (held == null) {
            log.info("transaction lock {} held by another frob process", path);
            return false;
        }
        holder = session;
        note(session + " pid " + ProcessHandle.current().pid() + "\n");
        return true;
    }

    @Override
    public synchronized void release(String session) {
        if (held == null || !session.equals(holder)) return;
        note("");
        try {
            held.release();
        } catch (IOException e) {
            log.warn("releasing lock file {}: {}", path, e.getMessage());
        }
        held = null;
        holder = null;
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return "lock file " + path;
    }

    private void note(String text) {
        try {
            file.truncate(0);
            file.write(ByteBuffer.wrap(text.getBytes(US_ASCII)), 0);
        } catch (IOException e) {
            log.debug("writing the holder to {}: {}", path, e.getMessage());
        }
    }
}
