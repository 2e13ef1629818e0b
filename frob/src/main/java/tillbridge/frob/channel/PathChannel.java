package tillbridge.frob.channel;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tillbridge.common.io.Libc;

/**
 * {@code path:/a/b}: a named pipe or a file. Out channels open it for appending at once (creating
 * a file if there is none) and fail at once when it is a FIFO nobody reads; the device channel
 * opens it for reading on the reader's own thread, where waiting for a FIFO's writer blocks
 * nothing else.
 */
final class PathChannel {
    private PathChannel() {}

    static Binding open(ChannelName name, Path path) throws IOException {
        if (name.inbound()) {
            return new Binding("path:" + path, new OpenOnRead(path), null, true, () -> {});
        }
        if (!Files.exists(path) || Files.isRegularFile(path)) {
            // A file needs nothing the JDK lacks. Only a FIFO needs O_NONBLOCK from libc, and the
            // FFM downcalls cost tens of milliseconds at each start (docs/performance.md).
            FileOutputStream out = new FileOutputStream(path.toFile(), true);
            return new Binding("path:" + path, null, out, false, out);
        }
        int fd = Libc.openForAppend(path);
        return new Binding("path:" + path, null, new FdOutputStream(fd), false, () -> Libc.close(fd));
    }

    /**
     * Opens the file on the first read, on the reading thread. The descriptor stays open until the
     * process exits: closing it under a blocked reader could hand its number to another file.
     */
    private static final class OpenOnRead extends InputStream {
        private final Path path;
        private InputStream in;

        OpenOnRead(Path path) {
            this.path = path;
        }

        @Override
        public int read() throws IOException {
            return opened().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return opened().read(b, off, len);
        }

        private InputStream opened() throws IOException {
            if (in == null) in = new FdInputStream(Libc.openForRead(path));
            return in;
        }
    }
}
