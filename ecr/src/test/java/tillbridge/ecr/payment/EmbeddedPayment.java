package tillbridge.ecr.payment;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tillbridge.ecr.EcrOptions;
import tillbridge.ecr.PaymentRequest;
import tillbridge.ecr.PaymentResult;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Sale;

/**
 * A {@link PaymentCore} on a virtual clock with an in-memory runner, in the manner of Netty's
 * EmbeddedChannel: the test feeds events and moves time with {@link #advance}; every effect is
 * recorded; Connect is answered at once as {@link #connection} says (as the real runner does).
 */
final class EmbeddedPayment {
    /** How the next Connect is answered. */
    enum Connection { UP, DOWN_FOR_NOW, GONE_FOR_GOOD, HELD }

    static final EcrOptions OPTIONS = EcrOptions.DEFAULT
            .withAnswerTimeout(Duration.ofSeconds(10))
            .withPaymentTimeout(Duration.ofSeconds(180))
            .withStatusTries(3, Duration.ofSeconds(2));

    final PaymentCore core;
    final List<PaymentEffect> effects = new ArrayList<>();
    Connection connection = Connection.UP;
    private final ArrayDeque<PaymentEvent> queue = new ArrayDeque<>();
    private long now = 1_000_000_000L;

    private EmbeddedPayment(PaymentCore core) {
        this.core = core;
    }

    static EmbeddedPayment sale(PaymentRequest r) {
        return new EmbeddedPayment(PaymentCore.sale(r, OPTIONS, new Tokens(0x2710, 0x4E1F)::next));
    }

    static EmbeddedPayment status(String ecrId, String reference) {
        return new EmbeddedPayment(PaymentCore.status(ecrId, reference, OPTIONS, new Tokens(0x2710, 0x4E1F)::next));
    }

    /** Feeds one event now, then what its effects cause; returns the effects of all of them. */
    List<PaymentEffect> on(PaymentEvent e) {
        int from = effects.size();
        queue.add(e);
        for (PaymentEvent next; (next = queue.poll()) != null; ) {
            for (PaymentEffect f : core.on(next, now)) {
                effects.add(f);
                if (f instanceof PaymentEffect.Connect) answerConnect();
            }
        }
        return List.copyOf(effects.subList(from, effects.size()));
    }

    private void answerConnect() {
        switch (connection) {
            case UP -> queue.add(new PaymentEvent.Connected());
            case DOWN_FOR_NOW -> queue.add(new PaymentEvent.Unreachable("connection refused", true));
            case GONE_FOR_GOOD -> queue.add(new PaymentEvent.Unreachable("session closed", false));
            case HELD -> { }
        }
    }

    /** Moves the clock by {@code d}, ticking at each deadline that falls within it. */
    EmbeddedPayment advance(Duration d) {
        long target = now + d.toNanos();
        for (long next; (next = core.nextDeadline()) != Long.MAX_VALUE && next - target <= 0; ) {
            now = Math.max(now, next);
            on(new PaymentEvent.Tick());
        }
        now = target;
        return this;
    }

    // ---- the common steps ----

    EmbeddedPayment start() {
        on(new PaymentEvent.Start());
        return this;
    }

    /** The S1 left: written whole, then acknowledged. */
    EmbeddedPayment sentAndAcked() {
        written();
        on(new PaymentEvent.Acked("S1", saleToken()));
        return this;
    }

    EmbeddedPayment written() {
        on(new PaymentEvent.Written(saleToken()));
        return this;
    }

    List<PaymentEffect> s2(Sale.End end) {
        return on(new PaymentEvent.Received(saleToken(), end));
    }

    List<PaymentEffect> answerQuery(Sale.End end) {
        return on(new PaymentEvent.Received(lastQueryToken(), end));
    }

    List<PaymentEffect> linkDown() {
        return on(new PaymentEvent.LinkDown("the terminal closed the connection"));
    }

    // ---- what happened ----

    List<PaymentEffect.Send> sends() {
        return effects.stream().filter(f -> f instanceof PaymentEffect.Send).map(f -> (PaymentEffect.Send) f).toList();
    }

    /** S1 sale frames handed to the link (a resend would show here). */
    long salesSent() {
        return sends().stream().filter(s -> s.message() instanceof Sale.Start st && !st.isStatusQuery()).count();
    }

    List<Sale.Start> queriesSent() {
        return sends().stream().map(PaymentEffect.Send::message).filter(m -> m instanceof Sale.Start st && st.isStatusQuery())
                .map(m -> (Sale.Start) m).toList();
    }

    String saleToken() {
        return sends().stream().filter(s -> s.message() instanceof Sale.Start st && !st.isStatusQuery()).findFirst().orElseThrow().token();
    }

    String lastQueryToken() {
        return sends().stream().filter(s -> s.message() instanceof Sale.Start st && st.isStatusQuery()).reduce((a, b) -> b).orElseThrow().token();
    }

    Optional<PaymentResult> result() {
        List<PaymentResult> r = effects.stream().filter(f -> f instanceof PaymentEffect.Finish).map(f -> ((PaymentEffect.Finish) f).result()).toList();
        if (r.size() > 1) throw new AssertionError("finished " + r.size() + " times: " + r);
        return r.stream().findFirst();
    }

    PaymentResult outcome() {
        return result().orElseThrow(() -> new AssertionError("not finished; effects: " + effects));
    }

    <T extends PaymentEffect> List<T> all(Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Message unreadableS2() {
        return new Invalid(PacketType.S2, List.of(), "field 6 is not a number");
    }
}
