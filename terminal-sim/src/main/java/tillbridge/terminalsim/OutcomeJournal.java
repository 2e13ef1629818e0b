package tillbridge.terminalsim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.io.PrivateDirectory;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Sale;

/**
 * The outcome of every finished sale, by ECR id and payment id, for status queries (S1 kind
 * {@code C}). Held in memory and, when a file is given, appended to it as one JSON line per sale
 * and synced, then reloaded at start (last line for a payment wins):
 *
 * <pre>
 * {"at":"2025-05-01T10:00:00Z","ecr_id":"KASA-01","payment_id":"PAR/1","s2":{"result":"0","card_token":"…",…}}
 * </pre>
 *
 * {@code s2} holds the S2 fields by name as wire text; the card number in it is masked. A line
 * may also say where the outcome came from ({@code "source":"sale"} for a sale this simulator
 * ran, {@code "storage"} for a transaction frob reported on its storage channel). For each ECR id
 * the journal knows its last transaction (the status query for {@code LAST}).
 */
public final class OutcomeJournal implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(OutcomeJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A payment as the ECR names it. */
    public record Key(String ecrId, String paymentId) {
        public Key {
            Objects.requireNonNull(ecrId, "ecrId");
            Objects.requireNonNull(paymentId, "paymentId");
        }
    }

    /** Where a recorded outcome came from. */
    public enum Source { SALE, STORAGE }

    private final Map<Key, Map<String, String>> outcomes = new ConcurrentHashMap<>();
    /** The last transaction recorded for each ECR id. */
    private final Map<String, Key> last = new ConcurrentHashMap<>();
    private final Path file;
    private FileOutputStream out; // guarded by this; null when memory-only or closed

    private OutcomeJournal(Path file) {
        this.file = file;
    }

    public static OutcomeJournal inMemory() {
        return new OutcomeJournal(null);
    }

    /**
     * Loads {@code file} if it exists (skipping broken lines, e.g. one cut off by a crash) and
     * appends to it; its directory is made (mode 0700) when missing.
     */
    public static OutcomeJournal open(Path file) throws IOException {
        PrivateDirectory.forFile(file);
        OutcomeJournal j = new OutcomeJournal(file);
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                try {
                    j.load(lines.get(i));
                } catch (ProtocolException e) {
                    log.warn("journal {} line {} skipped: {}", file, i + 1, e.getMessage());
                }
            }
            log.info("journal {}: {} payments loaded", file, j.outcomes.size());
        }
        j.out = new FileOutputStream(file.toFile(), true);
        return j;
    }

    /** Waits for a record being written, so that what it returns is on disk (unless writing failed). */
    public synchronized Optional<Map<String, String>> find(Key key) {
        return Optional.ofNullable(outcomes.get(key));
    }

    public int size() {
        return outcomes.size();
    }

    /** The last transaction recorded for {@code ecrId}: its key and S2 fields. */
    public synchronized Optional<Map.Entry<Key, Map<String, String>>> last(String ecrId) {
        Key k = last.get(ecrId);
        return k == null ? Optional.empty() : Optional.of(Map.entry(k, outcomes.get(k)));
    }

    /** Records the S2 fields of a finished sale; in memory even when writing the file fails. */
    public void record(Key key, Map<String, String> s2) throws IOException {
        record(key, s2, Source.SALE);
    }

    /**
     * Records the S2 fields of a finished transaction. The same outcome recorded again (a sale this
     * simulator ran, then reported by frob on the storage channel) is not written twice; false then.
     */
    public synchronized boolean record(Key key, Map<String, String> s2, Source source) throws IOException {
        Map<String, String> o2 = ordered(s2);
        boolean again = o2.equals(outcomes.get(key)) && key.equals(last.get(key.ecrId()));
        outcomes.put(key, o2);
        last.put(key.ecrId(), key);
        if (again || out == null) return !again;
        ObjectNode o = JSON.createObjectNode();
        o.put("at", Instant.now().toString());
        o.put("source", source.name().toLowerCase(java.util.Locale.ROOT));
        o.put("ecr_id", key.ecrId());
        o.put("payment_id", key.paymentId());
        ObjectNode f = o.putObject("s2");
        s2.forEach(f::put);
        out.write((o + "\n").getBytes(StandardCharsets.UTF_8));
        out.getFD().sync();
        return true;
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) out.close();
        out = null;
    }

    @Override
    public String toString() {
        return file == null ? "journal in memory" : "journal " + file;
    }

    private void load(String line) throws ProtocolException {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.path("ecr_id").isTextual() || !n.path("payment_id").isTextual() || !n.path("s2").isObject())
            throw new ProtocolException("needs ecr_id, payment_id and s2");
        Map<String, String> s2 = new LinkedHashMap<>();
        for (var e : n.get("s2").properties()) s2.put(e.getKey(), e.getValue().asText());
        // the codec checks every field, including that the card number is masked
        if (!(Messages.decode(Messages.fromNamed("1", PacketType.S2.code(), s2)) instanceof Sale.End))
            throw new ProtocolException("s2 is not a valid S2");
        Key key = new Key(n.get("ecr_id").asText(), n.get("payment_id").asText());
        outcomes.put(key, ordered(s2));
        last.put(key.ecrId(), key);
    }

    /** An unmodifiable copy in the S2 field order, so the journal reads like the wire. */
    private static Map<String, String> ordered(Map<String, String> s2) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(s2));
    }
}
