package tillbridge.common.io;

import java.io.Closeable;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closing what a program holds as it stops: every one is tried, a failure is logged and the rest still closed. */
public final class Closing {
    private static final Logger log = LoggerFactory.getLogger(Closing.class);

    private Closing() {}

    /** Closes each in order; nulls are skipped. */
    public static void all(Iterable<? extends Closeable> things) {
        for (Closeable c : things) {
            if (c == null) continue;
            try {
                c.close();
            } catch (IOException e) {
                log.warn("closing {}: {}", c, e.toString());
            }
        }
    }
}
