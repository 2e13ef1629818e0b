package tillbridge.agent.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Server-sent events (the WHATWG {@code text/event-stream} format), fed bytes as they arrive, in
 * any chunking. Bounded: a line longer than {@code maxLine} bytes or an event whose data exceeds
 * it is dropped and reported as {@link Item.Oversized}; the parser never throws on bad input.
 *
 * <pre>
 *   : comment                 → Item.Comment
 *   id: 17                    \
 *   event: job                 &gt; Item.Event("17", "job", "{…}") at the blank line
 *   data: {…}                 /
 *   (blank line)
 * </pre>
 *
 * Lines end with LF, CR LF or CR. {@code data} lines are joined with LF; an event without data is
 * not dispatched (as the standard says). {@code retry} and unknown fields are ignored.
 */
public final class SseParser {
    /** What the stream said. */
    public sealed interface Item {
        /** One event; {@code id} is null when the event had no {@code id} line. */
        record Event(String id, String event, String data) implements Item {}

        record Comment(String text) implements Item {}

        record Oversized(int limit) implements Item {}
    }

    private final int maxLine;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean lineTooLong;
    private boolean lastWasCr;
    private String id;
    private String event;
    private StringBuilder data;
    private boolean eventTooLong;

    public SseParser(int maxLine) {
        if (maxLine < 64) throw new IllegalArgumentException("maxLine must be >= 64, was " + maxLine);
        this.maxLine = maxLine;
    }

    /** Consumes {@code len} bytes; complete items go to {@code out}, a partial line is kept. */
    public void feed(byte[] buf, int off, int len, Consumer<Item> out) {
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine(out);
            } else if (!lineTooLong) {
                if (line.size() >= maxLine) {
                    lineTooLong = true;
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
    }

    private void endLine(Consumer<Item> out) {
        if (lineTooLong) {
            lineTooLong = false;
            eventTooLong = true;
            return;
        }
        String l = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (l.isEmpty()) {
            dispatch(out);
            return;
        }
        if (l.charAt(0) == ':') {
            out.accept(new Item.Comment(l.substring(1).strip()));
            return;
        }
        int colon = l.indexOf(':');
        String field = colon < 0 ? l : l.substring(0, colon);
        String value = colon < 0 ? "" : l.substring(colon + 1);
        if (value.startsWith(" ")) value = value.substring(1);
        switch (field) {
            case "id" -> {
                if (value.indexOf('\0') < 0) id = value;
            }
            case "event" -> event = value;
            case "data" -> {
                if (data == null) data = new StringBuilder();
                else data.append('\n');
                data.append(value);
                if (data.length() > maxLine) eventTooLong = true;
            }
            default -> { } // retry and unknown fields: ignored
        }
    }

    private void dispatch(Consumer<Item> out) {
        try {
            if (eventTooLong) out.accept(new Item.Oversized(maxLine));
            else if (data != null) out.accept(new Item.Event(id, event == null ? "message" : event, data.toString()));
        } finally {
            id = null;
            event = null;
            data = null;
            eventTooLong = false;
        }
    }
}
