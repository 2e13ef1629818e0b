package tillbridge.common.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a stream on its own virtual thread and hands each chunk to {@code sink}, so that one loop
 * can own all the state (s6-ioconnect style). End of input and read errors arrive as {@link Eof}.
 */
public final class Pump {
    /** A chunk read from the stream named {@code source}. */
    public record Chunk(String source, byte[] bytes) {}

    /** The stream named {@code source} ended; {@code error} is null for a clean end. */
    public record Eof(String source, IOException error) {}

    private Pump() {}

    public static Thread start(String source, InputStream in, Consumer<Object> sink) {
        return start(Thread.ofVirtual(), source, in, sink);
    }

    /** As {@link #start(String, InputStream, Consumer)}, on a thread from {@code threads}: a platform thread for reads that block in native code. */
    public static Thread start(Thread.Builder threads, String source, InputStream in, Consumer<Object> sink) {
        return threads.name("pump-" + source).start(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) if (n > 0) sink.accept(new Chunk(source, Arrays.copyOf(buf, n)));
                sink.accept(new Eof(source, null));
            } catch (IOException e) {
                sink.accept(new Eof(source, e));
            }
        });
    }
}
