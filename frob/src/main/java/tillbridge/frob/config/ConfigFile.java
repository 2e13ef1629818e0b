package tillbridge.frob.config;

import static tillbridge.protocol.Wire.US;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS =
            Set.of("terminal", "versions", "device_params", "payment_timeout_seconds", "channels", "channel_format",
                    "answer_timeout_seconds", "console_timeout_seconds", "key_file");

    private ConfigFile() {}

    public static FrobConfig read(Path file, FrobConfig base) throws IOException, ConfigException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new ConfigException(file + ": must hold a JSON object");
        try {
            return apply(root, base);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    private static FrobConfig apply(JsonNode root, FrobConfig base) throws ConfigException {
        for (var e : root.properties())
            if (!KEYS.contains(e.getKey())) throw new ConfigException("unknown key '" + e.getKey() + "'; keys are " + KEYS);
        FrobConfig c = new FrobConfig(
                root.has("terminal") ? (CommTest.Answer) message("terminal", "T2", base.terminal(), root.get("terminal")) : base.terminal(),
                root.has("versions") ? versions(root.get("versions")) : base.versions(),
                root.has("device_params") ? (DeviceParams.Answer) message("device_params", "D5", base.deviceParams(), root.get("device_params")) : base.deviceParams(),
                root.has("payment_timeout_seconds") ? seconds(root.get("payment_timeout_seconds"), "payment_timeout_seconds") : base.paymentTimeout(),
                base.channels(),
                root.has("channel_format") ? ChannelFormat.of(root.get("channel_format").asText()) : base.channelFormat(),
                root.has("answer_timeout_seconds") ? seconds(root.get("answer_timeout_seconds"), "answer_timeout_seconds") : base.answerTimeout(),
                root.has("console_timeout_seconds") ? seconds(root.get("console_timeout_seconds"), "console_timeout_seconds") : base.consoleTimeout(),
                root.has("key_file") ? path(root.get("key_file"), "key_file") : base.keyFile());
        JsonNode channels = root.path("channels");
        if (channels.isMissingNode()) return c;
        if (!channels.isObject()) throw new ConfigException("'channels' must be an object of channel specs");
        for (var e : channels.properties()) {
            if (!e.getValue().isTextual()) throw new ConfigException("channels." + e.getKey() + " must be a spec string such as \"unix:/run/x.sock\"");
            c = c.withChannel(ChannelName.of(e.getKey()), ChannelSpec.parse(e.getValue().asText()));
        }
        return c;
    }

    /** The base message with the named fields in {@code node} replaced, checked against the message schema. */
    private static Message message(String key, String type, Message base, JsonNode node) throws ConfigException {
        if (!node.isObject()) throw new ConfigException("'" + key + "' must be an object of " + type + " fields");
        Map<String, String> fields = new LinkedHashMap<>(Messages.named(Messages.encode("1", base)));
        for (var e : node.properties()) fields.put(e.getKey(), text(key + "." + e.getKey(), e.getValue()));
        try {
            Message m = Messages.decode(Messages.fromNamed("1", type, fields));
            if (m instanceof Invalid i) throw new ConfigException(key + ": " + i.reason());
            return m;
        } catch (ProtocolException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    /** Wire text of a field: strings and integers as they are, booleans as 1/0, arrays as a US list. */
    private static String text(String where, JsonNode v) throws ConfigException {
        if (v.isTextual() || v.isIntegralNumber()) return v.asText();
        if (v.isBoolean()) return v.asBoolean() ? "1" : "0";
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode unit : v) sb.append(text(where, unit)).append((char) US);
            return sb.toString();
        }
        throw new ConfigException(where + " must be a string, an integer, a boolean or an array of strings");
    }

    private static List<String> versions(JsonNode node) throws ConfigException {
        if (!node.isArray()) throw new ConfigException("'versions' must be an array such as [\"160\", \"170\"]");
        List<String> out = new ArrayList<>();
        for (JsonNode v : node) out.add(text("versions", v));
        return out;
    }

    private static Path path(JsonNode node, String key) throws ConfigException {
        if (!node.isTextual() || node.asText().isBlank()) throw new ConfigException("'" + key + "' must be a file name");
        return Path.of(node.asText());
    }

    private static Duration seconds(JsonNode node, String key) throws ConfigException {
        if (!node.canConvertToLong() || !node.isIntegralNumber())
            throw new ConfigException("'" + key + "' must be a whole number of seconds");
        return Duration.ofSeconds(node.asLong());
    }
}
