package tillbridge.terminalsim;

import tillbridge.common.io.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelJson;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.message.Sale;

/**
 * A consumer of frob's {@code storage} channel (docs/channels.md): every S1 frob forwarded and
 * every S2 it sent to the ECR, by session and token. A sale's S1 (kind S) and the S2 with its token
 * make one completed transaction, which goes into the {@link OutcomeJournal}, so a status query, also one
 * for {@code LAST}, finds it. S2s that report no outcome (993 busy, 994 unavailable, 995 unknown,
 * 996, 999 rejected) are not recorded. M1 events are logged. Reads only; never writes to frob.
 */
final class StorageConsumer {
    private static final Logger log = LoggerFactory.getLogger(StorageConsumer.class);
    /** Results frob or the terminal put in S2 that say nothing was charged or nothing is known. */
    private static final Set<String> NOT_OUTCOMES = Set.of("993", "994", "995", "996", "999");
    /** Open sales kept per session: a session has at most one, a few more guard against a misbehaving peer. */
    private static final int MAX_OPEN_PER_SESSION = 8;

    private final OutcomeJournal journal;

    StorageConsumer(OutcomeJournal journal) {
        this.journal = journal;
    }

    /** Reads one storage connection until it ends. */
    void serve(String name, InputStream in) {
        log.info("{}: storage connection", name);
        Map<String, Map<String, Map<String, String>>> open = new HashMap<>(); // session -> token -> S1 fields
        ChannelJson json = ChannelJson.V1; // until frob's hello says otherwise
        try (LineReader lines = new LineReader(in, ChannelJson.MAX_LINE)) {
            for (LineReader.Line l; (l = lines.next()) != null; ) {
                switch (l) {
                    case LineReader.Text t when t.text().isBlank() -> { }
                    case LineReader.Text t -> json = take(name, t.text(), json, open);
                    case LineReader.TooLong x -> log.warn("{}: storage line longer than {} characters skipped", name, x.limit());
                }
            }
        } catch (IOException e) {
            log.warn("{}: storage read failed: {}", name, e.toString());
        }
        log.info("{}: storage connection ended", name);
    }

    /** Takes one line; returns the channel format for the next ones (changed by a hello). */
    private ChannelJson take(String name, String line, ChannelJson json, Map<String, Map<String, Map<String, String>>> open) {
        ChannelMessage m;
        try {
            m = json.read(line);
            if (m.type().equals(ChannelMessage.HELLO)) return ChannelJson.announcedBy(m);
        } catch (ProtocolException e) {
            log.warn("{}: storage line not taken: {}", name, e.getMessage());
            return json;
        }
        record(name, m, open);
        return json;
    }

    private void record(String name, ChannelMessage m, Map<String, Map<String, Map<String, String>>> open) {
        String token = m.token().toUpperCase(Locale.ROOT);
        if (m.type().equals(ChannelMessage.CLOSED)) {
            open.remove(m.session());
            return;
        }
        switch (PacketType.find(m.type())) {
            case S1 -> {
                if (!Sale.SALE.equals(m.fields().get("kind"))) return;
                Map<String, Map<String, String>> sales = open.computeIfAbsent(m.session(), s -> new LinkedHashMap<>());
                if (sales.size() >= MAX_OPEN_PER_SESSION) sales.remove(sales.keySet().iterator().next());
                sales.put(token, m.fields());
            }
            case S2 -> {
                Map<String, String> s1 = open.getOrDefault(m.session(), Map.of()).get(token);
                if (s1 == null) return; // a status query's answer, or an S1 frob answered itself
                open.get(m.session()).remove(token);
                String result = m.fields().getOrDefault("result", "");
                if (NOT_OUTCOMES.contains(result)) {
                    log.info("{} {}: {}/{} ended {} (no outcome); not journaled", name, m.session(), s1.get("ecr_id"), s1.get("payment_id"), result);
                    return;
                }
                OutcomeJournal.Key key = new OutcomeJournal.Key(s1.get("ecr_id"), s1.get("payment_id"));
                try {
                    boolean recorded = journal.record(key, m.fields(), OutcomeJournal.Source.STORAGE);
                    log.info("{} {}: transaction {}/{} result {} {}", name, m.session(), key.ecrId(), key.paymentId(), result,
                            recorded ? "journaled" : "already journaled");
                } catch (IOException e) {
                    log.error("{}: could not journal {}/{}: {}", journal, key.ecrId(), key.paymentId(), e.toString());
                }
            }
            case M1 -> log.info("{} {}: event {} {}", name, m.session(), m.fields().get("event"), m.fields().getOrDefault("text", ""));
            case null, default -> log.debug("{} {}: {} on storage ignored", name, m.session(), m.type());
        }
    }
}
