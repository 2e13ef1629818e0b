package tillbridge.frob.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tillbridge.frob.config.FrobConfig;
import tillbridge.frob.lock.InProcessLock;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.Messages;

/**
 * Busy, as a table: one transaction at a time, within a session and across sessions (the shared
 * {@link InProcessLock}). Each row sets a session up, sends one S1 and checks what frob does at
 * once: forward it, or answer it itself with its result code, and who holds the lock afterwards.
 * The core runs on a virtual clock, so the ordering the threaded tests raced on is fixed.
 */
class OneTransactionAtATimeRulesTest {
    private static final FrobConfig CONFIG = FrobConfig.DEFAULTS.withPaymentTimeout(Duration.ofSeconds(30));
    private static final Packet SALE = sale("2A31", "S", "PAR/1");
    private static final Packet NEXT_SALE = sale("2A32", "S", "PAR/2");
    private static final Packet STATUS_QUERY = sale("2A33", "C", "PAR/1");
    private static final String FORWARDED = "forwarded";
    private static final String ME = EmbeddedSession.SESSION;
    private static final String S2_OK = line("S2", "\"result\":\"0\",\"amount\":\"100\"");

    /** How a session is made: with or without a payment channel, on the shared lock. */
    private enum Bound { PAYMENT, NONE }

    static Stream<Arguments> rows() {
        Consumer<Ctx> nothing = c -> {};
        Consumer<Ctx> otherHoldsTheLock = c -> c.lock.tryAcquire("other-1");
        Consumer<Ctx> saleOpen = c -> {
            c.h.ecrSends(SALE);
            assertThat(c.h.paymentReceives()).contains("\"token\":\"2A31\"");
        };
        Consumer<Ctx> saleAnswered = saleOpen.andThen(c -> {
            c.h.paymentSends(S2_OK);
            assertThat(Messages.named(c.h.ecrReceives())).containsEntry("result", "0");
        });
        Consumer<Ctx> saleLostWithItsChannel = saleOpen.andThen(c -> {
            c.h.paymentCloses();
            assertThat(Messages.named(c.h.ecrReceives())).containsEntry("result", "995");
        });
        Consumer<Ctx> saleTimedOut = saleOpen.andThen(c -> {
            c.h.advance(Duration.ofSeconds(30));
            assertThat(Messages.named(c.h.ecrReceives())).containsEntry("result", "995");
        });
        return Stream.of(
                Arguments.of("a sale with the lock free", Bound.PAYMENT, nothing, NEXT_SALE, FORWARDED, ME),
                Arguments.of("a sale while another session holds the lock", Bound.PAYMENT, otherHoldsTheLock, NEXT_SALE, "993", "other-1"),
                Arguments.of("a sale while this session's sale is open", Bound.PAYMENT, saleOpen, NEXT_SALE, "993", ME),
                Arguments.of("a status query while this session's sale is open", Bound.PAYMENT, saleOpen, STATUS_QUERY, FORWARDED, ME),
                Arguments.of("a status query while another session holds the lock", Bound.PAYMENT, otherHoldsTheLock, STATUS_QUERY, FORWARDED, "other-1"),
                Arguments.of("a sale after the open one was answered", Bound.PAYMENT, saleAnswered, NEXT_SALE, FORWARDED, ME),
                Arguments.of("a sale after the open one was lost with its channel", Bound.PAYMENT, saleLostWithItsChannel, NEXT_SALE, "994", null),
                Arguments.of("a sale after the open one timed out", Bound.PAYMENT, saleTimedOut, NEXT_SALE, FORWARDED, ME),
                Arguments.of("a sale with no payment channel (the lock is given back with the S2)", Bound.NONE, nothing, NEXT_SALE, "994", null),
                Arguments.of("a sale with no payment channel while another holds the lock", Bound.NONE, otherHoldsTheLock, NEXT_SALE, "993", "other-1"));
    }

    @ParameterizedTest(name = "{0}: {4}, lock held by {5}")
    @MethodSource("rows")
    void s1IsForwardedOrAnsweredAtOnce(String row, Bound bound, Consumer<Ctx> before, Packet s1, String outcome, String holder) {
        InProcessLock lock = new InProcessLock();
        try (EmbeddedSession h = bound == Bound.PAYMENT ? EmbeddedSession.withPayment(CONFIG, lock) : EmbeddedSession.withoutPayment(CONFIG, lock)) {
            before.accept(new Ctx(h, lock));
            h.ecrSends(s1);
            if (outcome.equals(FORWARDED)) {
                assertThat(h.paymentReceives()).contains("\"token\":\"" + s1.token() + "\"");
                assertThat(h.ecrPending()).as("frob answers nothing itself").isEmpty();
            } else {
                Packet s2 = h.ecrReceives();
                assertThat(s2.token()).as("the S2 carries the S1's token").isEqualTo(s1.token());
                assertThat(Messages.named(s2)).containsEntry("result", outcome);
                if (bound == Bound.PAYMENT) assertThat(h.paymentPending()).as("nothing forwarded").isEmpty();
            }
            assertThat(lock.holder()).isEqualTo(holder);
        }
    }

    record Ctx(EmbeddedSession h, InProcessLock lock) {}

    private static Packet sale(String token, String kind, String id) {
        return Packet.of(token, "S1", kind, "KASA-01", id, "100", "81", "19", "PLN", "0");
    }

    private static String line(String type, String fields) {
        return "{\"channel\":\"payment\",\"session\":\"" + ME + "\",\"type\":\"" + type + "\",\"fields\":{" + fields + "}}";
    }
}
