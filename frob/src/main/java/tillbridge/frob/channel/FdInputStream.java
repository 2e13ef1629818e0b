package tillbridge.frob.channel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import tillbridge.common.io.Libc;

/** Reads a descriptor with libc read(2); blocks in native code, so read it from a platform thread. */
final class FdInputStream extends InputStream {
    private final int fd;

    FdInputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return len == 0 ? 0 : Libc.read(fd, b, off, len);
    }
}
