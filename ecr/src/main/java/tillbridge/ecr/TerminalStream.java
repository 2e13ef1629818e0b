package tillbridge.ecr;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** One open byte stream to the terminal. {@code closer} releases it (socket, process). */
record TerminalStream(String peer, InputStream in, OutputStream out, Closeable closer) {
    /** Opens a new connection to the same terminal; used to reconnect for a status query. */
    @FunctionalInterface
    interface Connector {
        TerminalStream open() throws IOException;
    }

    void closeQuietly() {
        try {
            closer.close();
        } catch (IOException | RuntimeException e) {
            // the connection is being dropped anyway
        }
    }
}
