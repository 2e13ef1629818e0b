package tillbridge.common.channel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tillbridge.common.json.PlainJson;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Wire;
import tillbridge.protocol.message.FieldSpec;
import tillbridge.protocol.message.Messages;

/**
 * JSON lines for channel messages: one object per line, at most {@link #MAX_LINE} characters.
 * Version 2 (the default) carries Unicode text, numbers and flags as JSON numbers and lists as
 * arrays, and is announced by a first message of type {@code hello} (fields {@code version} 2 and
 * {@code wire_charset}), shaped like any other so that software ignoring unknown types ignores it;
 * version 1 carries every field as wire text (one char per byte, lists US-ended) and stays for one
 * release for terminal software written against it.
 */
public final class ChannelJson {
    public static final int MAX_LINE = PlainJson.MAX_TEXT;

    /** The wire types of the messages about the channel itself; every other type is a packet's. */
    private static final String ERROR = "error";
    private static final String CLOSED = "closed";
    private static final String HELLO = "hello";

    public static final ChannelJson V1 = new ChannelJson(null);
    public static final ChannelJson V2 = v2(WireText.DEFAULT);

    private final WireText text; // null: version 1

    private ChannelJson(WireText text) {
        this.text = text;
    }

    /** Version 2 with {@code text} for the wire charset. */
    public static ChannelJson v2(WireText text) {
        return new ChannelJson(text);
    }

    public int version() {
        return text == null ? 1 : 2;
    }

    /** The first line on a connection in version 2; none in version 1, which had no announcement. */
    public Optional<String> hello(String channel, String session) {
        if (text == null) return Optional.empty();
        return Optional.of(write(new ChannelMessage.Hello(channel, session, "2", text.charset().name())));
    }

    /** The format a hello line announces; throws for a version not spoken here. */
    public static ChannelJson announcedBy(ChannelMessage.Hello hello) throws ProtocolException {
        return switch (hello.version()) {
            case "1" -> V1;
            case "2" -> V2;
            default -> throw new ProtocolException("channel format version '" + hello.version() + "' is not spoken here (1 and 2 are)");
        };
    }

    public String write(ChannelMessage m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("channel", m.channel());
        o.put("session", m.session());
        // error, closed, hello: not packets, so their text is not wire text
        switch (m) {
            case ChannelMessage.Packet p -> {
                o.put("type", p.type());
                if (!p.token().isEmpty()) o.put("token", p.token());
                List<FieldSpec> spec = text == null ? null : Messages.schema(p.type()).orElse(null);
                o.put("fields", spec == null ? p.fields() : unicodeFields(p.fields(), spec));
            }
            case ChannelMessage.Error e -> {
                o.put("type", ERROR);
                o.put("fields", Map.of("reason", e.reason()));
            }
            case ChannelMessage.Closed _ -> {
                o.put("type", CLOSED);
                o.put("fields", Map.of());
            }
            case ChannelMessage.Hello h -> {
                o.put("type", HELLO);
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("version", !h.version().isEmpty() && isNumber(h.version()) ? (Object) Long.parseLong(h.version()) : h.version());
                fields.put("wire_charset", h.wireCharset());
                o.put("fields", fields);
            }
        }
        return PlainJson.write(o);
    }

    /** Parses one line (at most {@link #MAX_LINE} characters); the exception says what is wrong so the sender can be told. */
    public ChannelMessage read(String line) throws ProtocolException {
        if (!(PlainJson.parse(line) instanceof Map<?, ?> n)) throw new ProtocolException("a channel message must be a JSON object");
        String type = text(n, "type", true);
        Map<String, String> fields = new LinkedHashMap<>();
        Object f = n.get("fields");
        if (f != null) {
            if (!(f instanceof Map<?, ?> map)) throw new ProtocolException("'fields' must be an object");
            // error, closed, hello: not packets, so their text is not wire text
            List<FieldSpec> spec = text == null ? null : Messages.schema(type).orElse(null);
            for (var e : map.entrySet()) {
                String name = (String) e.getKey();
                fields.put(name, spec == null ? scalar(name, e.getValue()) : wire(name, kind(spec, name), e.getValue()));
            }
        }
        String channel = text(n, "channel", false);
        String session = text(n, "session", false);
        return switch (type) {
            case ERROR -> new ChannelMessage.Error(channel, session, fields.getOrDefault("reason", ""));
            case CLOSED -> new ChannelMessage.Closed(channel, session);
            case HELLO -> new ChannelMessage.Hello(channel, session, fields.getOrDefault("version", ""), fields.getOrDefault("wire_charset", ""));
            default -> new ChannelMessage.Packet(channel, session, type, text(n, "token", false), fields);
        };
    }

    /** True for the wire types of the messages about the channel itself, which no packet may have. */
    static boolean channelType(String type) {
        return type.equals(ERROR) || type.equals(CLOSED) || type.equals(HELLO);
    }

    /** The channel a line names, or empty; for routing a line before the channel's reader checks it. */
    public static String channel(String line) throws ProtocolException {
        return PlainJson.parse(line) instanceof Map<?, ?> n && n.get("channel") instanceof String s ? s : "";
    }

    private Map<String, Object> unicodeFields(Map<String, String> fields, List<FieldSpec> spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : fields.entrySet()) {
            String raw = e.getValue();
            switch (kind(spec, e.getKey())) {
                case NUMBER, FLAG -> {
                    if (!raw.isEmpty()) out.put(e.getKey(), isNumber(raw) ? Long.parseLong(raw) : text.toUnicode(raw));
                }
                case LIST, EXTENDED_LIST -> out.put(e.getKey(), units(raw));
                case TEXT, EXTENDED_TEXT, HEX -> out.put(e.getKey(), text.toUnicode(raw));
            }
        }
        return out;
    }

    private List<String> units(String raw) {
        List<String> units = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= raw.length(); i++) {
            if (i < raw.length() && raw.charAt(i) != Wire.US) continue;
            if (i > from) units.add(text.toUnicode(raw.substring(from, i)));
            from = i + 1;
        }
        return units;
    }

    private String wire(String name, FieldSpec.Kind kind, Object value) throws ProtocolException {
        if (kind == FieldSpec.Kind.LIST || kind == FieldSpec.Kind.EXTENDED_LIST) {
            if (!(value instanceof List<?> list)) throw new ProtocolException("field '" + name + "' must be an array of strings");
            StringBuilder b = new StringBuilder();
            for (Object unit : list) b.append(text.toWire(scalar(name, unit), name)).append((char) Wire.US);
            return b.toString();
        }
        if (kind == FieldSpec.Kind.FLAG && value instanceof Boolean flag) return flag ? "1" : "0";
        return text.toWire(scalar(name, value), name);
    }

    private static String scalar(String name, Object value) throws ProtocolException {
        String s = PlainJson.scalar(value);
        if (s == null) throw new ProtocolException("field '" + name + "' must be a string or number");
        return s;
    }

    /** Fields the schema does not name (past it, or of a message that is not a packet) are text. */
    private static FieldSpec.Kind kind(List<FieldSpec> spec, String name) {
        for (FieldSpec f : spec) if (f.name().equals(name)) return f.kind();
        return FieldSpec.Kind.EXTENDED_TEXT;
    }

    /**
     * Canonical digits that fit a long (amounts have at most 12): a number with leading zeros
     * stays a string, so its text reaches the other side as it was.
     */
    private static boolean isNumber(String raw) {
        if (raw.length() > 18 || raw.length() > 1 && raw.charAt(0) == '0') return false;
        for (int i = 0; i < raw.length(); i++) if (raw.charAt(i) < '0' || raw.charAt(i) > '9') return false;
        return true;
    }

    private static String text(Map<?, ?> n, String name, boolean required) throws ProtocolException {
        Object v = n.get(name);
        if (v == null) {
            if (required) throw new ProtocolException("'" + name + "' is missing");
            return "";
        }
        if (!(v instanceof String s)) throw new ProtocolException("'" + name + "' must be a string");
        return s;
    }
}
