package tillbridge.common.channel;

import java.util.LinkedHashMap;
import java.util.Map;
import tillbridge.common.json.PlainJson;
import tillbridge.protocol.ProtocolException;

/** JSON lines for channel messages: one object per line, at most {@link #MAX_LINE} characters. */
public final class ChannelJson {
    public static final int MAX_LINE = PlainJson.MAX_TEXT;

    private ChannelJson() {}

    public static String write(ChannelMessage m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("channel", m.channel());
        o.put("session", m.session());
        o.put("type", m.type());
        if (!m.token().isEmpty()) o.put("token", m.token());
        o.put("fields", m.fields());
        return PlainJson.write(o);
    }

    /** Parses one line (at most {@link #MAX_LINE} characters); the exception says what is wrong so the sender can be told. */
    public static ChannelMessage read(String line) throws ProtocolException {
        if (!(PlainJson.parse(line) instanceof Map<?, ?> n)) throw new ProtocolException("a channel message must be a JSON object");
        Map<String, String> fields = new LinkedHashMap<>();
        Object f = n.get("fields");
        if (f != null) {
            if (!(f instanceof Map<?, ?> map)) throw new ProtocolException("'fields' must be an object of strings");
            for (var e : map.entrySet()) {
                String value = PlainJson.scalar(e.getValue());
                if (value == null) throw new ProtocolException("field '" + e.getKey() + "' must be a string or number");
                fields.put((String) e.getKey(), value);
            }
        }
        return new ChannelMessage(text(n, "channel", false), text(n, "session", false), text(n, "type", true), text(n, "token", false), fields);
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
