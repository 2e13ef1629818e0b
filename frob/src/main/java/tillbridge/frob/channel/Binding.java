package tillbridge.frob.channel;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open channel binding: the streams frob uses and what to close when the session ends.
 *
 * @param in null when frob does not read this binding
 * @param out null when frob does not write it
 * @param nativeReads reads block in native code (FFM), so the reader must be a platform thread
 */
public record Binding(String description, InputStream in, OutputStream out, boolean nativeReads, Closeable resource) {
    public boolean readable() {
        return in != null;
    }

    public boolean writable() {
        return out != null;
    }
}
