package tillbridge.protocol.flow;

import static tillbridge.protocol.PacketType.*;
import static tillbridge.protocol.flow.Flow.APP_START;
import static tillbridge.protocol.flow.Flow.CONSOLE;
import static tillbridge.protocol.flow.Flow.KEYS;
import static tillbridge.protocol.flow.Flow.PARAMETERS;
import static tillbridge.protocol.flow.Flow.PING;
import static tillbridge.protocol.flow.Flow.PRINTING;
import static tillbridge.protocol.flow.Flow.SALE;
import static tillbridge.protocol.flow.Flow.STATUS_QUERY;
import static tillbridge.protocol.flow.Flow.VERSIONS;
import static tillbridge.protocol.flow.Side.ECR;
import static tillbridge.protocol.flow.Side.EFT;
import static tillbridge.protocol.flow.State.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Keys;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Sale;

/**
 * The conversation flows of one connection (docs/protocol.md, "Flows"), as independent lanes so that pings,
 * parameter queries, printing and the console may interleave with a sale while each lane keeps
 * its own order. Flows either side may start ({@code ~} in docs/protocol.md) get one lane per side.
 *
 * <pre>
 * ping       : ~T1 ~T2                 sale     : >S1 (<I1 | >P1)* <S2    status : >S1(kind C) <S2
 * versions   : ~T3 ~T4 ~T5             app      : >A1 <A2
 * parameters : ~D4 ~D5                 keys     : ~B1 (~B2no | ~B2ok ~B3 ~B4)
 * printing   : <D2 (>D0no | >D0ok (<D6 >D0)* <D3 >D0) | <D1 >D0
 * graphics   : <D7 >D8 | <DA >D0 | (<D9part >D0)* <D9last >D0
 * console    : <K1 (>K0no | >K0ok ((<K3..K9) >K0)* <K2 >K0)
 * </pre>
 *
 * L1, M1 and unknown types belong to no flow and are always accepted. A status query (S1 kind
 * {@code C}) has its own lane, so it is answered while a sale runs; the lanes do not see tokens, so
 * an S2 closes whichever of the two is open first (the caller pairs S2 with S1 by token).
 */
public final class Conversation {
    private static final Predicate<Message> ANY = m -> true;
    private static final Predicate<Message> OK = m -> switch (m) {
        case Printing.Answer a -> a.ok();
        case Console.Result r -> r.result() == Console.Result.OK;
        case App.Ack a -> a.accepted();
        case Keys.PairingAnswer b -> b.ok();
        default -> false;
    };
    private static final Predicate<Message> NO = OK.negate();
    private static final Predicate<Message> PART_OF_MANY = m -> m instanceof Printing.GraphicStore g && !g.last();
    private static final Predicate<Message> IS_STATUS = m -> m instanceof Sale.Start s && s.isStatusQuery();
    private static final Predicate<Message> IS_SALE = IS_STATUS.negate();
    private static final Predicate<Message> LAST_PART = m -> m instanceof Printing.GraphicStore g && g.last();

    private final List<Lane> lanes = new ArrayList<>();
    /** The lanes each side's packet type belongs to, by side and type ordinal: found with array accesses on every frame. */
    private final Lane[][][] owners = new Lane[Side.values().length][PacketType.values().length][];

    public Conversation() {
        for (Side x : Side.values()) {
            Side y = x.other();
            String by = " (" + x.name().toLowerCase(Locale.ROOT) + ")";
            lanes.add(new Lane(PING, x, PING.label() + by, List.of(step(IDLE, T1, x, ASKED), step(ASKED, T2, y, IDLE))));
            lanes.add(new Lane(VERSIONS, x, VERSIONS.label() + by,
                    List.of(step(IDLE, T3, x, ASKED), step(ASKED, T4, y, PROPOSED), step(PROPOSED, T5, x, IDLE))));
            lanes.add(new Lane(PARAMETERS, x, PARAMETERS.label() + by, List.of(step(IDLE, D4, x, ASKED), step(ASKED, D5, y, IDLE))));
            lanes.add(new Lane(KEYS, x, KEYS.label() + by, List.of(
                    step(IDLE, B1, x, PAIRING), new Step(PAIRING, B2, y, OK, PAIRED), new Step(PAIRING, B2, y, NO, IDLE),
                    step(PAIRED, B3, x, ASKED), step(ASKED, B4, y, IDLE))));
        }
        lanes.add(new Lane(SALE, ECR, SALE.label(), List.of(
                new Step(IDLE, S1, ECR, IS_SALE, OPEN), step(OPEN, I1, EFT, OPEN), step(OPEN, P1, ECR, OPEN),
                step(OPEN, S2, EFT, IDLE))));
        lanes.add(new Lane(STATUS_QUERY, ECR, STATUS_QUERY.label(), List.of(new Step(IDLE, S1, ECR, IS_STATUS, ASKED), step(ASKED, S2, EFT, IDLE))));
        lanes.add(new Lane(APP_START, ECR, APP_START.label(), List.of(step(IDLE, A1, ECR, ASKED), step(ASKED, A2, EFT, IDLE))));
        lanes.add(new Lane(PRINTING, EFT, PRINTING.label(), List.of(
                step(IDLE, D2, EFT, CLAIMING), new Step(CLAIMING, D0, ECR, OK, State.PRINTING), new Step(CLAIMING, D0, ECR, NO, IDLE),
                step(State.PRINTING, D6, EFT, LINE), step(LINE, D0, ECR, State.PRINTING),
                step(State.PRINTING, D3, EFT, ENDING), step(ENDING, D0, ECR, IDLE),
                step(IDLE, D1, EFT, ASKED), step(ASKED, D0, ECR, IDLE),
                step(IDLE, D7, EFT, GRAPHIC_QUERY), step(GRAPHIC_QUERY, D8, ECR, IDLE),
                step(IDLE, DA, EFT, ASKED),
                new Step(IDLE, D9, EFT, PART_OF_MANY, PART), step(PART, D0, ECR, PARTS), new Step(PARTS, D9, EFT, PART_OF_MANY, PART),
                new Step(IDLE, D9, EFT, LAST_PART, State.LAST), new Step(PARTS, D9, EFT, LAST_PART, State.LAST), step(State.LAST, D0, ECR, IDLE))));
        List<Step> console = new ArrayList<>(List.of(
                step(IDLE, K1, EFT, CLAIMING), new Step(CLAIMING, K0, ECR, OK, GRANTED), new Step(CLAIMING, K0, ECR, NO, IDLE),
                step(INTERACTING, K0, ECR, GRANTED), step(GRANTED, K2, EFT, ENDING), step(ENDING, K0, ECR, IDLE)));
        for (PacketType k : List.of(K3, K4, K5, K6, K7, K8, K9)) console.add(step(GRANTED, k, EFT, INTERACTING));
        lanes.add(new Lane(CONSOLE, EFT, CONSOLE.label(), console));
        // plain loops: this runs once per session, and frob's start-up time counts
        List<Lane> mine = new ArrayList<>();
        for (Side by : Side.values())
            for (PacketType t : PacketType.values()) {
                mine.clear();
                for (Lane l : lanes) if (l.sends(by, t)) mine.add(l);
                owners[by.ordinal()][t.ordinal()] = mine.toArray(new Lane[0]);
            }
    }

    /** Checks {@code m} sent by {@code from} and advances its flow; the state is unchanged on a violation. */
    public Optional<Violation> accept(Side from, Message m) {
        PacketType type = m.type();
        if (type == null) return Optional.empty();
        Lane[] mine = owners[from.ordinal()][type.ordinal()];
        if (mine.length == 0) {
            boolean known = owners[from.other().ordinal()][type.ordinal()].length > 0;
            return known ? Optional.of(new Violation(from, type.code(), type + " is never sent by the " + from)) : Optional.empty();
        }
        for (Lane l : mine) if (l.advance(from, type, m)) return Optional.empty();
        String why = String.join("; ", Arrays.stream(mine).map(Lane::expected).toList());
        return Optional.of(new Violation(from, type.code(), why));
    }

    /**
     * Accepts an S2 that the caller paired by token with the open status query, so that it closes
     * the status-query lane even while a sale is open ({@link #accept} would close the sale).
     */
    public Optional<Violation> acceptStatusAnswer(Sale.End s2) {
        return lane(STATUS_QUERY, ECR).accept(EFT, s2);
    }

    /** True while a sale (S1 sent, S2 not yet) is open. */
    public boolean saleOpen() {
        return !lane(SALE, ECR).idle();
    }

    /**
     * The lane of {@code flow} started by {@code starter} (for a flow only one side starts, the
     * side that starts it), as a handle for an owner that drives that flow alone.
     */
    public Lane lane(Flow flow, Side starter) {
        for (Lane l : lanes) if (l.flow() == flow && l.starter() == starter) return l;
        throw new IllegalArgumentException("no " + flow.label() + " lane started by the " + starter);
    }

    private static Step step(State from, PacketType type, Side by, State to) {
        return new Step(from, type, by, ANY, to);
    }
}
