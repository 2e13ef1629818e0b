package tillbridge.frob.channel;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import tillbridge.common.io.Libc;

/** Writes a descriptor with libc write(2), all of each buffer. Unbuffered. */
final class FdOutputStream extends OutputStream {
    private final int fd;

    FdOutputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        Libc.write(fd, b, off, len);
    }
}
