package tillbridge.common.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import tillbridge.protocol.ProtocolException;

/** JSON lines for channel messages: one object per line, at most {@link #MAX_LINE} characters. */
public final class ChannelJson {
    /** Far above any packet (8 KiB frames), small enough that a runaway peer cannot exhaust memory. */
    public static final int MAX_LINE = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(MAX_LINE).build());
    }

    private ChannelJson() {}

    public static String write(ChannelMessage m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("channel", m.channel());
        o.put("session", m.session());
        o.put("type", m.type());
        if (!m.token().isEmpty()) o.put("token", m.token());
        ObjectNode f = o.putObject("fields");
        m.fields().forEach(f::put);
        return o.toString();
    }

    /** Parses one line; the exception says what is wrong so the sender can be told. */
    public static ChannelMessage read(String line) throws ProtocolException {
        if (line.length() > MAX_LINE) throw new ProtocolException("channel message of " + line.length() + " characters, at most " + MAX_LINE + " allowed");
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new ProtocolException("a channel message must be a JSON object");
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode f = n.path("fields");
        if (!f.isMissingNode() && !f.isNull()) {
            if (!f.isObject()) throw new ProtocolException("'fields' must be an object of strings");
            for (var e : f.properties()) {
                if (!e.getValue().isValueNode() || e.getValue().isNull())
                    throw new ProtocolException("field '" + e.getKey() + "' must be a string or number");
                fields.put(e.getKey(), e.getValue().asText());
            }
        }
        return new ChannelMessage(text(n, "channel", false), text(n, "session", false), text(n, "type", true), text(n, "token", false), fields);
    }

    private static String text(JsonNode n, String name, boolean required) throws ProtocolException {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            if (required) throw new ProtocolException("'" + name + "' is missing");
            return "";
        }
        if (!v.isTextual()) throw new ProtocolException("'" + name + "' must be a string");
        return v.asText();
    }
}
