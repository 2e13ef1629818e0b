package tillbridge.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ground truth: what terminal-sim really saw and charged, read from its log (every sale S1
 * that reached it, {@code <- S1[token][S, amount, reference, …]}) and its journal (the outcome of
 * each payment, the last line winning as on terminal-sim's own restart).
 *
 * @param saleS1s sale S1s received, per payment reference
 * @param charged the amount charged (an approved outcome), per payment reference
 */
record Terminal(Map<String, Integer> saleS1s, Map<String, Long> charged) {
    private static final Pattern SALE_S1 = Pattern.compile("<- S1\\[[^\\]]*\\]\\[S, [^,]*, ([^,\\]]+),");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Terminal read(Path log, Path journal) throws IOException {
        Map<String, Integer> s1s = new HashMap<>();
        Matcher m = SALE_S1.matcher(Files.exists(log) ? Files.readString(log) : "");
        while (m.find()) s1s.merge(m.group(1), 1, Integer::sum);
        return new Terminal(s1s, charged(Files.exists(journal) ? Files.readAllLines(journal) : List.of()));
    }

    /** A line cut off by a kill is skipped, as terminal-sim itself does at start. */
    static Map<String, Long> charged(List<String> journalLines) {
        Map<String, Long> charged = new HashMap<>();
        for (String line : journalLines) {
            JsonNode j;
            try {
                j = JSON.readTree(line);
            } catch (IOException e) {
                continue;
            }
            if (j == null || !j.has("payment_id")) continue;
            String ref = j.path("payment_id").asText();
            JsonNode s2 = j.path("s2");
            if (s2.path("result").asText().equals("0")) charged.put(ref, s2.path("amount").asLong());
            else charged.remove(ref);
        }
        return charged;
    }

    int sales(String reference) {
        return saleS1s.getOrDefault(reference, 0);
    }
}
