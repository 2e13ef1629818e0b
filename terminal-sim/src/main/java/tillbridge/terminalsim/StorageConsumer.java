package tillbridge.terminalsim;

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
import tillbridge.common.io.LineDecoder;
import tillbridge.common.io.LineDecoder.Line;
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
        Reading reading = new Reading(name);
        try (in) {
            new LineDecoder(ChannelJson.MAX_LINE).readAll(in, reading::take);
        } catch (IOException e) {
            log.warn("{}: storage read failed: {}", name, e.toString());
        }
        log.info("{}: storage connection ended", name);
    }

    /** One storage connection: its channel format and the sales it has seen open. */
    private final class Reading {
        private final String name;
        private final Map<String, Map<String, Map<String, String>>> open = new HashMap<>(); // session -> token -> S1 fields
        private ChannelJson json = ChannelJson.V1; // until frob's hello says otherwise

        Reading(String name) {
            this.name = name;
        }

        void take(Line l) {
            switch (l) {
                case Line.Text t -> take(t.text());
                case Line.Unterminated u -> take(u.text()); // the last line may lack its line end
                case Line.TooLong x -> log.warn("{}: storage line longer than {} characters skipped", name, x.limit());
            }
        }

        /** Takes one line; a hello changes the channel format of the next ones. */
        private void take(String line) {
            if (line.isBlank()) return;
            try {
                switch (json.read(line)) {
                    case ChannelMessage.Hello h -> json = ChannelJson.announcedBy(h);
                    case ChannelMessage.Closed c -> open.remove(c.session());
                    case ChannelMessage.Packet p -> record(p);
                    case ChannelMessage.Error e -> log.debug("{} {}: error on storage ignored", name, e.session());
                }
            } catch (ProtocolException e) {
                log.warn("{}: storage line not taken: {}", name, e.getMessage());
            }
        }

        private void record(ChannelMessage.Packet m) {
            String token = m.token().toUpperCase(Locale.ROOT);
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
}
