package tillbridge.nexo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which nexo ServiceID (with its SaleID and POIID) carried the PaymentRequest of each ECR payment
 * ({@code ecr_id} + {@code payment_id}), so that a status query (S1 kind C) can name it in a
 * TransactionStatusRequest. Recorded before the PaymentRequest is sent, and forgotten when the
 * request provably never left (the POI was not reachable), so that the till's retry of that payment
 * pays instead of being answered as a repeat. In memory, and with a file also as JSON lines synced
 * to disk, reloaded at start (the last line for a payment wins).
 */
final class ServiceIdJournal implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(ServiceIdJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    record Key(String ecrId, String paymentId) {}

    /** What was sent for a payment: its nexo ids and the S1's currency and amounts (a status query from the ECR may carry neither). */
    record Entry(Mapping.Ids ids, String currency, long gross, long cashback) {}

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final FileChannel file; // null: in memory only
    private final Path path;

    private ServiceIdJournal(FileChannel file, Path path) {
        this.file = file;
        this.path = path;
    }

    static ServiceIdJournal inMemory() {
        return new ServiceIdJournal(null, null);
    }

    static ServiceIdJournal open(Path path) throws IOException {
        ServiceIdJournal j = new ServiceIdJournal(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND), path);
        if (Files.size(path) > 0) {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            int n = 0;
            for (String line : lines) {
                if (line.isBlank()) continue;
                try {
                    JsonNode o = JSON.readTree(line);
                    Key key = new Key(text(o, "ecr_id"), text(o, "payment_id"));
                    if (o.path("forgotten").asBoolean()) {
                        j.entries.remove(key);
                        continue;
                    }
                    j.entries.put(key, new Entry(
                            new Mapping.Ids(text(o, "service_id"), text(o, "sale_id"), text(o, "poi_id")),
                            text(o, "currency"), number(o, "gross"), number(o, "cashback")));
                    n++;
                } catch (IOException | IllegalArgumentException e) {
                    log.warn("journal {}: skipping a broken line: {}", path, e.getMessage());
                }
            }
            log.info("journal {}: {} payments loaded", path, n);
        }
        return j;
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) throw new IllegalArgumentException("'" + name + "' missing");
        return v.asText();
    }

    private static long number(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.canConvertToLong() || v.asLong() < 0) throw new IllegalArgumentException("'" + name + "' missing");
        return v.asLong();
    }

    /** Records (and with a file, syncs) a payment about to be sent. */
    synchronized void record(Key key, Entry e) throws IOException {
        Mapping.Ids ids = e.ids();
        append(line(key).put("service_id", ids.serviceId()).put("sale_id", ids.saleId()).put("poi_id", ids.poiId())
                .put("currency", e.currency()).put("gross", e.gross()).put("cashback", e.cashback()));
        entries.put(key, e);
    }

    /** Forgets (and with a file, syncs) a payment whose request never reached the POI. */
    synchronized void forget(Key key) throws IOException {
        append(line(key).put("forgotten", true));
        entries.remove(key);
    }

    private static ObjectNode line(Key key) {
        return JSON.createObjectNode().put("at", Instant.now().toString()).put("ecr_id", key.ecrId()).put("payment_id", key.paymentId());
    }

    private void append(ObjectNode o) throws IOException {
        if (file == null) return;
        ByteBuffer b = ByteBuffer.wrap((o + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) file.write(b);
        file.force(false);
    }

    Optional<Entry> find(Key key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized void close() throws IOException {
        if (file != null) file.close();
    }

    @Override
    public String toString() {
        return path == null ? "journal in memory" : "journal " + path;
    }
}
