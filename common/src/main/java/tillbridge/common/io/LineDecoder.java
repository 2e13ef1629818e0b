package tillbridge.common.io;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a byte stream into UTF-8 lines of at most {@code maxChars} characters (without the line
 * end, {@code \n} or {@code \r\n}). Feed-based, like the protocol's frame decoder: it consumes
 * everything it is given, keeps at most one partial line and never throws on bad input. A line is
 * decoded only once it is complete, so a character split across reads arrives whole; a malformed
 * byte becomes U+FFFD.
 *
 * <p>Bounded: a line is held up to 3 bytes a character (the most a UTF-8 character of one
 * {@code char} takes). Past that it is reported as {@link Line.TooLong} at once, so the sender can
 * be told before it ever ends the line, and skipped up to its newline; a line within the bytes but
 * over {@code maxChars} characters once decoded is reported the same way when it ends.
 */
public final class LineDecoder {
    /** What the input turned out to be. */
    public sealed interface Line {
        /** A complete line, without its line end; may be empty. */
        record Text(String text) implements Line {}

        /** A line longer than {@code limit} characters, skipped (reported once per line). */
        record TooLong(int limit) implements Line {}

        /** The end of input came inside a line of {@code bytes} bytes (of {@code text}). */
        record Unterminated(String text, int bytes) implements Line {}
    }

    private final int maxChars;
    private final int maxBytes;
    private byte[] line = new byte[128];
    private int length;
    /** The current line is too long: its bytes are dropped up to the next newline. */
    private boolean skipping;

    public LineDecoder(int maxChars) {
        if (maxChars < 1 || maxChars > (Integer.MAX_VALUE - 1) / 3)
            throw new IllegalArgumentException("maxChars must be 1 to " + (Integer.MAX_VALUE - 1) / 3 + ", was " + maxChars);
        this.maxChars = maxChars;
        this.maxBytes = 3 * maxChars + 1; // and the '\r' of a "\r\n" line end
    }

    /** Consumes {@code in[off, off + n)}; complete lines go to {@code out}, a partial one is kept for the next call. */
    public void feed(byte[] in, int off, int n, Consumer<? super Line> out) {
        int end = off + n;
        int from = off;
        for (int i = off; i < end; i++) {
            if (in[i] != '\n') continue;
            append(in, from, i, out);
            complete(out);
            from = i + 1;
        }
        append(in, from, end, out);
    }

    /** End of input: reports a line without its line end, if any, and resets. */
    public void endOfInput(Consumer<? super Line> out) {
        if (!skipping && length > 0) {
            String text = new String(line, 0, length, UTF_8);
            out.accept(text.length() > maxChars ? new Line.TooLong(maxChars) : new Line.Unterminated(text, length));
        }
        length = 0;
        skipping = false;
    }

    /** Reads {@code in} to its end on the calling thread (the blocking style), lines to {@code out}. */
    public void readAll(InputStream in, Consumer<? super Line> out) throws IOException {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) feed(buf, 0, n, out);
        endOfInput(out);
    }

    private void append(byte[] in, int from, int to, Consumer<? super Line> out) {
        int n = to - from;
        if (skipping || n == 0) return;
        if (n > maxBytes - length) {
            skipping = true;
            length = 0;
            out.accept(new Line.TooLong(maxChars));
            return;
        }
        if (length + n > line.length) line = Arrays.copyOf(line, Math.min(maxBytes, Math.max(length + n, 2 * line.length)));
        System.arraycopy(in, from, line, length, n);
        length += n;
    }

    private void complete(Consumer<? super Line> out) {
        if (skipping) {
            skipping = false;
            return;
        }
        int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        length = 0;
        String text = new String(line, 0, n, UTF_8);
        out.accept(text.length() > maxChars ? new Line.TooLong(maxChars) : new Line.Text(text));
    }
}
