package tillbridge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One worked frame (an independently computed test vector), read from {@code vectors.jsonl}. */
public record Vector(String id, String title, Bytes wire, boolean lrcOk, String token, String type, List<String> fields) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static List<Vector> all() {
        var in = Objects.requireNonNull(Vector.class.getResourceAsStream("/vectors.jsonl"), "vectors.jsonl on the test classpath");
        List<Vector> out = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) if (!line.isBlank()) out.add(of(JSON.readTree(line)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static List<Vector> wellFormed() {
        return all().stream().filter(Vector::lrcOk).toList();
    }

    public static Vector byId(String id) {
        return all().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }

    /** The packet the vector says its frame holds. */
    public Packet packet() {
        return new Packet(token, type, fields);
    }

    public byte[] bytes() {
        return wire.toArray();
    }

    /** The bytes between STX and ETX. */
    public Bytes body() {
        byte[] b = bytes();
        return Bytes.copyOf(b, 1, b.length - 2);
    }

    private static Vector of(JsonNode n) {
        List<String> fields = new ArrayList<>();
        n.path("fields").forEach(f -> fields.add(f.asText()));
        return new Vector(n.get("id").asText(), n.get("title").asText(), Bytes.fromHex(n.get("hex").asText()),
                n.get("lrc_ok").asBoolean(), n.path("token").asText(null), n.path("type").asText(null), fields);
    }

    @Override
    public String toString() {
        return id + " " + title;
    }
}
