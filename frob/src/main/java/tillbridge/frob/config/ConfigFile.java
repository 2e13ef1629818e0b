package tillbridge.frob.config;

import static tillbridge.protocol.Wire.US;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tillbridge.common.json.PlainJson;
import tillbridge.frob.channel.ChannelFormat;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.channel.ChannelSpec;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.DeviceParams;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;

/**
 * Reads a JSON config file over a base config. Every key is optional; {@code terminal} and
 * {@code device_params} override field by field, with the field names of the T2 and D5 messages
 * (docs/frob.md has the full file). Unknown keys are errors, so that a typo does not go unnoticed.
 */
public final class ConfigFile {
    private static final Set<String> KEYS =
            Set.of("terminal", "versions", "device_params", "payment_timeout_seconds", "channels", "channel_format",
                    "answer_timeout_seconds", "console_timeout_seconds", "key_file");

    private ConfigFile() {}

    public static FrobConfig read(Path file, FrobConfig base) throws IOException, ConfigException {
        if (Files.size(file) > PlainJson.MAX_TEXT) throw new ConfigException(file + ": larger than " + PlainJson.MAX_TEXT + " bytes");
        Object root;
        try {
            root = PlainJson.parse(Files.readString(file));
        } catch (ProtocolException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> object)) throw new ConfigException(file + ": must hold a JSON object");
        try {
            return apply(object, base);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    private static FrobConfig apply(Map<?, ?> root, FrobConfig base) throws ConfigException {
        for (Object key : root.keySet())
            if (!KEYS.contains(key)) throw new ConfigException("unknown key '" + key + "'; keys are " + KEYS);
        FrobConfig c = new FrobConfig(
                root.containsKey("terminal") ? (CommTest.Answer) message("terminal", base.terminal(), root.get("terminal")) : base.terminal(),
                root.containsKey("versions") ? versions(root.get("versions")) : base.versions(),
                root.containsKey("device_params") ? (DeviceParams.Answer) message("device_params", base.deviceParams(), root.get("device_params")) : base.deviceParams(),
                root.containsKey("payment_timeout_seconds") ? seconds(root.get("payment_timeout_seconds"), "payment_timeout_seconds") : base.paymentTimeout(),
                base.channels(),
                root.containsKey("channel_format") ? ChannelFormat.of(String.valueOf(PlainJson.scalar(root.get("channel_format")))) : base.channelFormat(),
                root.containsKey("answer_timeout_seconds") ? seconds(root.get("answer_timeout_seconds"), "answer_timeout_seconds") : base.answerTimeout(),
                root.containsKey("console_timeout_seconds") ? seconds(root.get("console_timeout_seconds"), "console_timeout_seconds") : base.consoleTimeout(),
                root.containsKey("key_file") ? path(root.get("key_file"), "key_file") : base.keyFile());
        c.requireWritable();
        if (!root.containsKey("channels")) return c;
        if (!(root.get("channels") instanceof Map<?, ?> channels)) throw new ConfigException("'channels' must be an object of channel specs");
        for (var e : channels.entrySet()) {
            if (!(e.getValue() instanceof String spec)) throw new ConfigException("channels." + e.getKey() + " must be a spec string such as \"unix:/run/x.sock\"");
            c = c.withChannel(ChannelName.of((String) e.getKey()), ChannelSpec.parse(spec));
        }
        return c;
    }

    /** The base message with the named fields in {@code node} replaced, checked against the message schema of its type. */
    private static Message message(String key, Message base, Object node) throws ConfigException {
        String type = base.code();
        if (!(node instanceof Map<?, ?> object)) throw new ConfigException("'" + key + "' must be an object of " + type + " fields");
        Map<String, String> fields = new LinkedHashMap<>(Messages.named(Messages.encode("1", base)));
        for (var e : object.entrySet()) fields.put((String) e.getKey(), text(key + "." + e.getKey(), e.getValue()));
        try {
            Message m = Messages.decode(Messages.fromNamed("1", type, fields));
            if (m instanceof Invalid i) throw new ConfigException(key + ": " + i.reason());
            return m;
        } catch (ProtocolException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    /** Wire text of a field: strings and integers as they are, booleans as 1/0, arrays as a US list. */
    private static String text(String where, Object v) throws ConfigException {
        if (v instanceof String || isInteger(v)) return v.toString();
        if (v instanceof Boolean b) return b ? "1" : "0";
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            for (Object unit : list) sb.append(text(where, unit)).append((char) US);
            return sb.toString();
        }
        throw new ConfigException(where + " must be a string, an integer, a boolean or an array of strings");
    }

    private static boolean isInteger(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger;
    }

    private static List<String> versions(Object node) throws ConfigException {
        if (!(node instanceof List<?> list)) throw new ConfigException("'versions' must be an array such as [\"160\", \"170\"]");
        List<String> out = new ArrayList<>();
        for (Object v : list) out.add(text("versions", v));
        return out;
    }

    private static Path path(Object node, String key) throws ConfigException {
        if (!(node instanceof String name) || name.isBlank()) throw new ConfigException("'" + key + "' must be a file name");
        return Path.of(name);
    }

    private static Duration seconds(Object node, String key) throws ConfigException {
        if (!(node instanceof Integer || node instanceof Long)) throw new ConfigException("'" + key + "' must be a whole number of seconds");
        return Duration.ofSeconds(((Number) node).longValue());
    }
}
