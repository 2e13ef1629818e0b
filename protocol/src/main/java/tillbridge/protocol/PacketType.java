package tillbridge.protocol;

import static tillbridge.protocol.PacketType.Direction.EITHER;
import static tillbridge.protocol.PacketType.Direction.TO_ECR;
import static tillbridge.protocol.PacketType.Direction.TO_EFT;
import static tillbridge.protocol.PacketType.Repeat.IDEMPOTENT;
import static tillbridge.protocol.PacketType.Repeat.ONCE;
import static tillbridge.protocol.PacketType.Route.DEVICE;
import static tillbridge.protocol.PacketType.Route.FROB;
import static tillbridge.protocol.PacketType.Route.PAYMENT;
import static tillbridge.protocol.PacketType.Route.STORAGE;
import static tillbridge.protocol.PacketType.Route.UI;
import static tillbridge.protocol.PacketType.Secrecy.CARD_TOKEN;
import static tillbridge.protocol.PacketType.Secrecy.KEY_MATERIAL;
import static tillbridge.protocol.flow.Flow.APP_START;
import static tillbridge.protocol.flow.Flow.CONSOLE;
import static tillbridge.protocol.flow.Flow.KEYS;
import static tillbridge.protocol.flow.Flow.NONE;
import static tillbridge.protocol.flow.Flow.PARAMETERS;
import static tillbridge.protocol.flow.Flow.PING;
import static tillbridge.protocol.flow.Flow.PRINTING;
import static tillbridge.protocol.flow.Flow.SALE;
import static tillbridge.protocol.flow.Flow.VERSIONS;

import java.util.ArrayList;
import java.util.List;
import tillbridge.protocol.flow.Flow;
import tillbridge.protocol.flow.Side;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.DeviceParams;
import tillbridge.protocol.message.Keys;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Notice;
import tillbridge.protocol.message.Pan;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Sale;
import tillbridge.protocol.message.Versions;

/**
 * Every packet type tillbridge knows, with what the code needs to know about it: its record, who
 * sends it, whether a duplicate is harmless, what must stay out of logs, which frob channel it
 * travels on, what answers it and its flow. The fields of each body are in
 * {@link tillbridge.protocol.message.Messages}; docs/protocol.md ("Packet types in the code") lists this table,
 * and PacketTypeTest keeps the two equal. Code that treats types differently switches over these
 * properties or the constants, so a new type shows every place that must handle it.
 */
public enum PacketType {
    T1(CommTest.Query.class, EITHER, FROB, PING, IDEMPOTENT),
    T2(CommTest.Answer.class, EITHER, FROB, PING, IDEMPOTENT),
    T3(Versions.Inquiry.class, EITHER, FROB, VERSIONS, IDEMPOTENT),
    T4(Versions.Proposal.class, EITHER, FROB, VERSIONS, IDEMPOTENT),
    T5(Versions.Selection.class, EITHER, FROB, VERSIONS, IDEMPOTENT),
    D4(DeviceParams.Request.class, EITHER, FROB, PARAMETERS, IDEMPOTENT),
    D5(DeviceParams.Answer.class, EITHER, FROB, PARAMETERS, IDEMPOTENT),
    S1(Sale.Start.class, TO_EFT, PAYMENT, SALE, ONCE),
    S2(Sale.End.class, TO_ECR, PAYMENT, SALE, IDEMPOTENT, CARD_TOKEN),
    P1(Sale.Abort.class, TO_EFT, PAYMENT, SALE, IDEMPOTENT),
    I1(Sale.Status.class, TO_ECR, PAYMENT, SALE, IDEMPOTENT),
    A1(App.Start.class, TO_EFT, PAYMENT, APP_START, ONCE),
    A2(App.Ack.class, TO_ECR, PAYMENT, APP_START, IDEMPOTENT),
    D0(Printing.Answer.class, TO_EFT, DEVICE, PRINTING, IDEMPOTENT),
    D1(Printing.StatusQuery.class, TO_ECR, DEVICE, PRINTING, IDEMPOTENT),
    D2(Printing.Start.class, TO_ECR, DEVICE, PRINTING, ONCE),
    D6(Printing.Content.class, TO_ECR, DEVICE, PRINTING, ONCE),
    D3(Printing.End.class, TO_ECR, DEVICE, PRINTING, ONCE),
    D7(Printing.GraphicQuery.class, TO_ECR, DEVICE, PRINTING, IDEMPOTENT),
    D8(Printing.GraphicInfo.class, TO_EFT, DEVICE, PRINTING, IDEMPOTENT),
    D9(Printing.GraphicStore.class, TO_ECR, DEVICE, PRINTING, ONCE),
    DA(Printing.GraphicRemove.class, TO_ECR, DEVICE, PRINTING, ONCE),
    K0(Console.Result.class, TO_EFT, UI, CONSOLE, IDEMPOTENT),
    K1(Console.Claim.class, TO_ECR, DEVICE, CONSOLE, ONCE),
    K2(Console.Interrupt.class, TO_ECR, DEVICE, CONSOLE, ONCE),
    K3(Console.Display.class, TO_ECR, DEVICE, CONSOLE, ONCE),
    K4(Console.Question.class, TO_ECR, DEVICE, CONSOLE, ONCE),
    K5(Console.Menu.class, TO_ECR, DEVICE, CONSOLE, ONCE),
    K6(Console.ValueList.class, TO_ECR, DEVICE, CONSOLE, ONCE),
    K7(Console.Input.class, TO_ECR, DEVICE, CONSOLE, ONCE),
    K8(Console.CardData.class, TO_ECR, DEVICE, CONSOLE, ONCE),
    K9(Console.Sound.class, TO_ECR, DEVICE, CONSOLE, ONCE),
    L1(Notice.Unavailable.class, EITHER, DEVICE, NONE, IDEMPOTENT),
    M1(Notice.Event.class, TO_ECR, STORAGE, NONE, ONCE),
    B1(Keys.PairingRequest.class, EITHER, FROB, KEYS, ONCE),
    B2(Keys.PairingAnswer.class, EITHER, FROB, KEYS, IDEMPOTENT),
    B3(Keys.Exchange.class, EITHER, FROB, KEYS, ONCE, KEY_MATERIAL),
    B4(Keys.ExchangeAck.class, EITHER, FROB, KEYS, IDEMPOTENT);

    /** Whether a duplicate is harmless; a named constant in the table rather than a bare boolean. */
    enum Repeat { IDEMPOTENT, ONCE }

    /** Who sends a type: {@code >} the ECR, {@code <} the terminal (EFT), {@code ~} either side. */
    public enum Direction {
        TO_EFT(">"), TO_ECR("<"), EITHER("~");

        private final String symbol;

        Direction(String symbol) {
            this.symbol = symbol;
        }

        public boolean sentBy(Side side) {
            return switch (this) {
                case TO_EFT -> side == Side.ECR;
                case TO_ECR -> side == Side.EFT;
                case EITHER -> true;
            };
        }

        /** The direction of an answer to a request going this way. */
        public Direction reverse() {
            return switch (this) {
                case TO_EFT -> TO_ECR;
                case TO_ECR -> TO_EFT;
                case EITHER -> EITHER;
            };
        }

        /** As docs/protocol.md writes it. */
        public String symbol() {
            return symbol;
        }
    }

    /**
     * Where frob takes a type (docs/channels.md): answered by frob itself, or relayed on the
     * payment, device, ui or storage channel (the channel a relayed answer also goes back on is the
     * one its request came from).
     */
    public enum Route { FROB, PAYMENT, DEVICE, UI, STORAGE }

    /** What of a packet must stay out of logs (card numbers are masked in every type). */
    public enum Secrecy {
        NONE,
        /** The card token (S2 field 2) identifies the card: hidden like the PAN. */
        CARD_TOKEN,
        /** Key material (B3): no field and no byte of the frame is logged. */
        KEY_MATERIAL;

        /** S2's field 2. */
        private static final int CARD_TOKEN_FIELD = 1;

        /** The fields as a log shows them. */
        public String show(List<String> fields) {
            if (this == KEY_MATERIAL) return "[<" + fields.size() + " secret fields>]";
            List<String> shown = new ArrayList<>(fields.size());
            for (int i = 0; i < fields.size(); i++)
                shown.add(this == CARD_TOKEN && i == CARD_TOKEN_FIELD && !fields.get(i).isEmpty() ? "<card token>" : Packet.printable(fields.get(i)));
            return Pan.maskAll(shown.toString());
        }
    }

    /** Types by their two characters: a letter, then a digit or a letter. */
    private static final PacketType[] BY_CODE = new PacketType[26 * 36];
    /** The type of each record, for {@link Message#type()}. */
    private static final ClassValue<PacketType> BY_RECORD = new ClassValue<>() {
        @Override
        protected PacketType computeValue(Class<?> record) {
            for (PacketType t : values()) if (t.record == record) return t;
            return null;
        }
    };

    static {
        for (PacketType t : values()) BY_CODE[index(t.name())] = t;
    }

    private final Class<? extends Message> record;
    private final Direction direction;
    private final Route route;
    private final Flow flow;
    private final boolean idempotent;
    private final Secrecy secrecy;

    PacketType(Class<? extends Message> record, Direction direction, Route route, Flow flow, Repeat repeat) {
        this(record, direction, route, flow, repeat, Secrecy.NONE);
    }

    PacketType(Class<? extends Message> record, Direction direction, Route route, Flow flow, Repeat repeat, Secrecy secrecy) {
        this.record = record;
        this.direction = direction;
        this.route = route;
        this.flow = flow;
        this.idempotent = repeat == Repeat.IDEMPOTENT;
        this.secrecy = secrecy;
    }

    /** The type with this code, or null for a type tillbridge does not know (or a malformed code). */
    public static PacketType find(String code) {
        int i = code == null || code.length() != 2 ? -1 : index(code);
        return i < 0 ? null : BY_CODE[i];
    }

    /** The type whose record is {@code record}, or null for {@code Unknown} and {@code Invalid}. */
    public static PacketType of(Class<? extends Message> record) {
        return BY_RECORD.get(record);
    }

    /** How a log shows the fields of a packet of type {@code code} (known or not). */
    public static String show(String code, List<String> fields) {
        PacketType t = find(code);
        return (t == null ? Secrecy.NONE : t.secrecy).show(fields);
    }

    /** The two characters on the wire. */
    public String code() {
        return name();
    }

    public Class<? extends Message> record() {
        return record;
    }

    public Direction direction() {
        return direction;
    }

    /** Shorthand for {@code direction().sentBy(side)}. */
    public boolean sentBy(Side side) {
        return direction.sentBy(side);
    }

    public Route route() {
        return route;
    }

    public Flow flow() {
        return flow;
    }

    /**
     * True when receiving it twice changes nothing, so the link resends it after an ACK timeout;
     * the rest (S1 above all) is sent again only after a NAK, which proves it was not taken.
     */
    public boolean idempotent() {
        return idempotent;
    }

    public Secrecy secrecy() {
        return secrecy;
    }

    /** The type that answers this one (B3 answers a B2 that accepted the pairing), or null when none does. */
    public PacketType answer() {
        return switch (this) {
            case T1 -> T2;
            case T3 -> T4;
            case T4 -> T5;
            case D4 -> D5;
            case S1 -> S2;
            case A1 -> A2;
            case D1, D2, D6, D3, D9, DA -> D0;
            case D7 -> D8;
            case K1, K2, K3, K4, K5, K6, K7, K8, K9 -> K0;
            case B1 -> B2;
            case B2 -> B3;
            case B3 -> B4;
            case T2, T5, D5, S2, P1, I1, A2, D0, D8, K0, L1, M1, B4 -> null;
        };
    }

    private static int index(String code) {
        char a = code.charAt(0), b = code.charAt(1);
        if (a < 'A' || a > 'Z') return -1;
        int second = b >= '0' && b <= '9' ? b - '0' : b >= 'A' && b <= 'Z' ? 10 + b - 'A' : -1;
        return second < 0 ? -1 : (a - 'A') * 36 + second;
    }
}
