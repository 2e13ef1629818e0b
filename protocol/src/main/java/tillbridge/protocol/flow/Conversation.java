package tillbridge.protocol.flow;

import static tillbridge.protocol.flow.Side.ECR;
import static tillbridge.protocol.flow.Side.EFT;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
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
    private static final Predicate<Message> PART = m -> m instanceof Printing.GraphicStore g && !g.last();
    private static final Predicate<Message> STATUS = m -> m instanceof Sale.Start s && s.isStatusQuery();
    private static final Predicate<Message> SALE = STATUS.negate();
    private static final Predicate<Message> LAST = m -> m instanceof Printing.GraphicStore g && g.last();

    private final List<Lane> lanes = new ArrayList<>();
    /** The lanes each side's message code belongs to, looked up once per frame rather than searched. */
    private final Map<Side, Map<String, List<Lane>>> owners = new EnumMap<>(Side.class);

    public Conversation() {
        for (Side x : Side.values()) {
            Side y = x.other();
            String by = " (" + x.name().toLowerCase() + ")";
            lanes.add(new Lane("ping" + by, List.of(step("idle", "T1", x, "T1"), step("T1", "T2", y, "idle"))));
            lanes.add(new Lane("version negotiation" + by,
                    List.of(step("idle", "T3", x, "T3"), step("T3", "T4", y, "T4"), step("T4", "T5", x, "idle"))));
            lanes.add(new Lane("parameters" + by, List.of(step("idle", "D4", x, "D4"), step("D4", "D5", y, "idle"))));
            lanes.add(new Lane("key exchange" + by, List.of(
                    step("idle", "B1", x, "B1"), new Step("B1", "B2", y, OK, "B2ok"), new Step("B1", "B2", y, NO, "idle"),
                    step("B2ok", "B3", x, "B3"), step("B3", "B4", y, "idle"))));
        }
        lanes.add(new Lane("sale", List.of(
                new Step("idle", "S1", ECR, SALE, "open"), step("open", "I1", EFT, "open"), step("open", "P1", ECR, "open"),
                step("open", "S2", EFT, "idle"))));
        lanes.add(new Lane("status query", List.of(new Step("idle", "S1", ECR, STATUS, "asked"), step("asked", "S2", EFT, "idle"))));
        lanes.add(new Lane("application start", List.of(step("idle", "A1", ECR, "A1"), step("A1", "A2", EFT, "idle"))));
        lanes.add(new Lane("printing", List.of(
                step("idle", "D2", EFT, "claim"), new Step("claim", "D0", ECR, OK, "printing"), new Step("claim", "D0", ECR, NO, "idle"),
                step("printing", "D6", EFT, "line"), step("line", "D0", ECR, "printing"),
                step("printing", "D3", EFT, "end"), step("end", "D0", ECR, "idle"),
                step("idle", "D1", EFT, "query"), step("query", "D0", ECR, "idle"),
                step("idle", "D7", EFT, "D7"), step("D7", "D8", ECR, "idle"),
                step("idle", "DA", EFT, "DA"), step("DA", "D0", ECR, "idle"),
                new Step("idle", "D9", EFT, PART, "part"), step("part", "D0", ECR, "parts"), new Step("parts", "D9", EFT, PART, "part"),
                new Step("idle", "D9", EFT, LAST, "last"), new Step("parts", "D9", EFT, LAST, "last"), step("last", "D0", ECR, "idle"))));
        List<Step> console = new ArrayList<>(List.of(
                step("idle", "K1", EFT, "claim"), new Step("claim", "K0", ECR, OK, "granted"), new Step("claim", "K0", ECR, NO, "idle"),
                step("asking", "K0", ECR, "granted"), step("granted", "K2", EFT, "ending"), step("ending", "K0", ECR, "idle")));
        for (int k = 3; k <= 9; k++) console.add(step("granted", "K" + k, EFT, "asking"));
        lanes.add(new Lane("console", console));
        for (Side by : Side.values()) {
            Map<String, List<Lane>> byCode = new HashMap<>();
            for (Lane l : lanes) for (String code : l.codes(by)) byCode.computeIfAbsent(code, c -> new ArrayList<>()).add(l);
            owners.put(by, byCode);
        }
    }

    /** Checks {@code m} sent by {@code from} and advances its flow; the state is unchanged on a violation. */
    public Optional<Violation> accept(Side from, Message m) {
        String code = m.code();
        List<Lane> mine = owners.get(from).getOrDefault(code, List.of());
        if (mine.isEmpty()) {
            boolean known = owners.get(from.other()).containsKey(code);
            return known ? Optional.of(new Violation(from, code, code + " is never sent by the " + from)) : Optional.empty();
        }
        for (Lane l : mine) if (l.advance(from, code, m)) return Optional.empty();
        String why = String.join("; ", mine.stream().map(Lane::expected).toList());
        return Optional.of(new Violation(from, m.code(), why));
    }

    /**
     * Accepts an S2 that the caller paired by token with the open status query, so that it closes
     * the status-query lane even while a sale is open ({@link #accept} would close the sale).
     */
    public Optional<Violation> acceptStatusAnswer(Sale.End s2) {
        Lane status = lanes.stream().filter(l -> l.name().equals("status query")).findFirst().orElseThrow();
        return status.advance(EFT, s2.code(), s2) ? Optional.empty() : Optional.of(new Violation(EFT, s2.code(), status.expected()));
    }

    /** True while a sale (S1 sent, S2 not yet) is open. */
    public boolean saleOpen() {
        return lanes.stream().anyMatch(l -> l.name().equals("sale") && !l.idle());
    }

    private static Step step(String from, String code, Side by, String to) {
        return new Step(from, code, by, ANY, to);
    }
}
