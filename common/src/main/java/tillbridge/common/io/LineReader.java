package tillbridge.common.io;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines of at most {@code max} characters (without the line end, {@code \n} or
 * {@code \r\n}). A longer line is skipped up to its end and reported as {@link TooLong}, so a
 * runaway peer cannot exhaust memory and the next line is read normally.
 */
public final class LineReader implements Closeable {
    public sealed interface Line {}

    public record Text(String text) implements Line {}

    public record TooLong(int limit) implements Line {}

    private final BufferedReader in;
    private final int max;
    private final StringBuilder line = new StringBuilder();

    public LineReader(InputStream in, int max) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.max = max;
    }

    /** The next line, or null at end of input (a last line without a line end still counts). */
    public Line next() throws IOException {
        line.setLength(0);
        boolean tooLong = false;
        for (;;) {
            int c = in.read();
            if (c < 0) {
                if (tooLong) return new TooLong(max);
                return line.isEmpty() ? null : new Text(line.toString());
            }
            if (c == '\n') {
                if (tooLong) return new TooLong(max);
                if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') line.setLength(line.length() - 1);
                return new Text(line.toString());
            }
            if (tooLong) continue;
            // one character of slack for the '\r' of a "\r\n" line end
            if (line.length() > max) {
                tooLong = true;
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
