package tillbridge.frob.channel;

import java.io.IOException;
import tillbridge.common.io.Libc;

/**
 * {@code fd:N}: a descriptor inherited from the parent (pipe, socket, file). Whether frob reads
 * and writes it follows how it was opened; a pipe end is one-way, a socket both ways. The
 * descriptor stays open until the process exits (closing it under a blocked reader could hand its
 * number to another file).
 */
final class FdChannel {
    private FdChannel() {}

    static Binding open(ChannelName name, int fd) throws IOException {
        int mode = Libc.accessMode(fd);
        boolean in = name.reads() && mode != Libc.O_WRONLY;
        boolean out = mode != Libc.O_RDONLY;
        if (name.inbound() ? !in : !out)
            throw new IOException("fd " + fd + " is not open for " + (name.inbound() ? "reading" : "writing"));
        return new Binding("fd:" + fd, in ? new FdInputStream(fd) : null, out ? new FdOutputStream(fd) : null, true, () -> {});
    }
}
