package tillbridge.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.agent.internal.JobRecord.Asking;
import tillbridge.agent.internal.JobRecord.PaymentRef;
import tillbridge.agent.internal.JobRecord.Stage;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobResult;

/**
 * Reading {@link JobJournal}'s file back at open: the latest record of a job wins, a torn last line
 * (never forced, so nothing acted on it) is cut off the file, a broken line in the middle is
 * skipped with a warning.
 */
final class JournalReplay {
    private static final Logger LOG = LoggerFactory.getLogger(JobJournal.class); // the journal's story, one logger
    private static final ObjectMapper JSON = new ObjectMapper();

    private JournalReplay() {}

    /** Reads every line into {@code jobs}; returns the number of good lines. Truncates a torn tail. */
    static int replay(Path file, Map<String, JobRecord> jobs) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int start = 0;
        int good = 0;
        int lineNo = 0;
        long goodEnd = 0;
        while (start < all.length) {
            int nl = indexOf(all, (byte) '\n', start);
            lineNo++;
            if (nl < 0) {
                LOG.warn("journal {}: last line {} was cut off ({} bytes, no newline); dropping it: nothing acted on it",
                        file, lineNo, all.length - start);
                break;
            }
            String line = new String(all, start, nl - start, StandardCharsets.UTF_8);
            try {
                apply(jobs, JSON.readTree(line));
                good++;
                goodEnd = nl + 1;
            } catch (IOException | RuntimeException e) {
                if (nl + 1 >= all.length) {
                    LOG.warn("journal {}: last line {} is broken ({}); dropping it: nothing acted on it", file, lineNo, e.getMessage());
                    break;
                }
                LOG.warn("journal {}: skipping broken line {}: {}", file, lineNo, e.getMessage());
                goodEnd = nl + 1;
            }
            start = nl + 1;
        }
        if (goodEnd < all.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(goodEnd);
                ch.force(true);
            }
        }
        return good;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) if (a[i] == b) return i;
        return -1;
    }

    /** Applies one record to the map; throws on a record that makes no sense. */
    static void apply(Map<String, JobRecord> jobs, JsonNode r) {
        String id = text(r, "job");
        String rec = text(r, "rec");
        Instant at = Instant.parse(text(r, "at"));
        JobRecord cur = jobs.get(id);
        JobRecord next = switch (rec) {
            case "received" -> cur != null ? cur
                    : new JobRecord(id, text(r, "type"), r.get("request"), Stage.RECEIVED, Optional.empty(), Optional.empty(), Optional.empty(), at);
            case "s1_pending" -> need(cur, id, rec).withPayment(
                    new PaymentRef(text(r, "terminal"), text(r, "ecr_id"), text(r, "reference")), at);
            case "print_sending" -> need(cur, id, rec).at(Stage.PRINT_SENDING, at);
            case "s1_sent" -> need(cur, id, rec).at(Stage.S1_SENT, at);
            case "receipt" -> need(cur, id, rec).withReceipt(new JobResult.Receipt(text(r, "title"), text(r, "text")), at);
            case "not_sent" -> need(cur, id, rec).notSent(at);
            case "result" -> need(cur, id, rec).withResult(JobJson.result(r.get("result")), at);
            case "asking" -> need(cur, id, rec).withAsking(new Asking(Instant.parse(text(r, "until")), Optional.empty()), at);
            case "asking_ended" -> {
                JobRecord j = need(cur, id, rec);
                Instant until = j.asking().map(Asking::until).orElse(at);
                yield j.withAsking(new Asking(until, Optional.of(text(r, "reason"))), at);
            }
            case "posted" -> cur != null ? cur.at(Stage.POSTED, at)
                    : new JobRecord(id, r.path("type").asText(""), null, Stage.POSTED, Optional.empty(), Optional.empty(), Optional.empty(), at);
            default -> throw new IllegalArgumentException("unknown record kind '" + rec + "'");
        };
        jobs.remove(id);
        jobs.put(id, next);
    }

    private static JobRecord need(JobRecord cur, String id, String rec) {
        if (cur == null) throw new IllegalArgumentException("'" + rec + "' for job " + id + " without 'received'");
        return cur;
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("record without text field '" + field + "'");
        return v.asText();
    }
}
