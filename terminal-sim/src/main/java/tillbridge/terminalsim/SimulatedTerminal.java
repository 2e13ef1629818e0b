package tillbridge.terminalsim;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The simulated terminal payment application: what all connections from frob share (settings,
 * journal, the payments in progress). Each connection is served by {@link #serve} on its own
 * (virtual) thread.
 */
public final class SimulatedTerminal {
    private static final DateTimeFormatter TXN_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss");
    private static final String AUTH_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private final Config config;
    private final OutcomeJournal journal;
    private final RandomGenerator random = new SecureRandom();
    private final AtomicLong sequence = new AtomicLong(random.nextInt(1_000_000));
    private final Map<OutcomeJournal.Key, SaleRun> inProgress = new ConcurrentHashMap<>();

    public SimulatedTerminal(Config config, OutcomeJournal journal) {
        this.config = Objects.requireNonNull(config, "config");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    public Config config() {
        return config;
    }

    public OutcomeJournal journal() {
        return journal;
    }

    /** Serves one frob connection until its input ends; sales still running for it are cancelled. */
    public void serve(String name, InputStream in, OutputStream out) {
        new FrobConnection(this, name, in, out).run();
    }

    /** Claims a payment for a sale; false when a sale with the same ids is already running. */
    boolean begin(OutcomeJournal.Key key, SaleRun run) {
        return inProgress.putIfAbsent(key, run) == null;
    }

    void end(OutcomeJournal.Key key, SaleRun run) {
        inProgress.remove(key, run);
    }

    boolean inProgress(OutcomeJournal.Key key) {
        return inProgress.containsKey(key);
    }

    /** True while a sale of {@code ecrId} runs, whatever its payment id. */
    boolean inProgressFor(String ecrId) {
        return inProgress.keySet().stream().anyMatch(k -> k.ecrId().equals(ecrId));
    }

    /**
     * 19 characters, {@code yyMMddHHmmss-NNNNNN}: the local time and a wrapping counter that starts at
     * random, so ids stay unique across restarts. The dash keeps it from looking like a card number.
     */
    String nextTransactionId() {
        return LocalDateTime.now().format(TXN_TIME) + String.format("-%06d", sequence.getAndIncrement() % 1_000_000);
    }

    String nextAuthCode() {
        StringBuilder sb = new StringBuilder(6);
        for (int i = 0; i < 6; i++) sb.append(AUTH_CODE_CHARS.charAt(random.nextInt(AUTH_CODE_CHARS.length())));
        return sb.toString();
    }

    TestCard drawCard() {
        return TestCard.draw(random);
    }
}
