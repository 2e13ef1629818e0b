package tillbridge.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * One change to {@code agent.json} from the status page, applied to the file's JSON tree so that
 * every other key stays as it was written:
 *
 * <pre>{@code
 * {"add": "terminals", "entry": {"name": "T2", "frob": "10.0.0.7:5002"}}
 * {"add": "printers", "entry": {"name": "bar", "uri": "socket://192.168.1.50"}}
 * {"remove": "printers", "name": "bar"}
 * {"set": {"ping_seconds": 60, "proxy": "http://proxy.lan:3128"}}     (null removes the key)
 * }</pre>
 *
 * {@link #save} checks the result with {@link AgentConfig#parse}, the same rules as
 * {@code agent config check}, and writes it only when it passes: an invalid change leaves the
 * file as it was.
 */
public final class ConfigEdit {
    /** The keys the page may set; the hub, trust store and deadlines stay with the file and the CLI. */
    static final Set<String> SETTABLE = Set.of("ping_seconds", "proxy");
    private static final Set<String> LISTS = Set.of("terminals", "printers");

    private ConfigEdit() {}

    /** The change applied to a copy of {@code file}; a malformed change is an IllegalArgumentException saying what is wrong. */
    static ObjectNode apply(ObjectNode file, JsonNode change) {
        if (change == null || !change.isObject()) throw new IllegalArgumentException("the change must be a JSON object");
        ObjectNode out = file.deepCopy();
        if (change.has("add")) {
            ArrayNode list = list(out, change.path("add").asText());
            JsonNode entry = change.get("entry");
            if (entry == null || !entry.isObject()) throw new IllegalArgumentException("add: needs \"entry\", an object");
            list.add(entry);
        } else if (change.has("remove")) {
            String what = change.path("remove").asText();
            ArrayNode list = list(out, what);
            String name = change.path("name").asText("");
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).path("name").asText().equals(name)) {
                    list.remove(i);
                    return out;
                }
            }
            throw new IllegalArgumentException(what + ": there is none named '" + name + "'");
        } else if (change.has("set") && change.get("set").isObject()) {
            change.get("set").properties().forEach(p -> {
                if (!SETTABLE.contains(p.getKey())) {
                    throw new IllegalArgumentException(p.getKey() + ": not set from the page (it may set " + String.join(", ", SETTABLE.stream().sorted().toList()) + ")");
                }
                if (p.getValue().isNull()) out.remove(p.getKey());
                else out.set(p.getKey(), p.getValue());
            });
        } else {
            throw new IllegalArgumentException("the change must be {\"add\": …}, {\"remove\": …} or {\"set\": {…}}");
        }
        return out;
    }

    private static ArrayNode list(ObjectNode root, String name) {
        if (!LISTS.contains(name)) throw new IllegalArgumentException("'" + name + "': only terminals and printers are added or removed");
        JsonNode l = root.get(name);
        if (l == null || l.isNull()) return root.putArray(name);
        if (!l.isArray()) throw new IllegalArgumentException(name + ": is not an array in agent.json; fix the file first");
        return (ArrayNode) l;
    }

    /**
     * Applies the change to {@code agent.json} in {@code configDir}, validates the whole file as
     * {@code agent config check} does, and writes it (0600, renamed into place) only when valid.
     * One change at a time, so two pages cannot interleave theirs.
     *
     * @return the configuration now in the file
     */
    public static synchronized AgentConfig save(Path configDir, JsonNode change) throws AgentConfig.Invalid, IOException {
        ObjectNode next = apply(AgentConfig.tree(configDir), change);
        String text;
        try {
            text = AgentConfig.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(next);
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
        AgentConfig valid = AgentConfig.parse(AgentConfig.file(configDir), text);
        AgentConfig.write(configDir, next);
        return valid;
    }
}
