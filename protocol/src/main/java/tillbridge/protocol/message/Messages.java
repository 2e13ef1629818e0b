package tillbridge.protocol.message;

import static tillbridge.protocol.message.FieldSpec.Kind.EXTENDED_LIST;
import static tillbridge.protocol.message.FieldSpec.Kind.EXTENDED_TEXT;
import static tillbridge.protocol.message.FieldSpec.Kind.FLAG;
import static tillbridge.protocol.message.FieldSpec.Kind.HEX;
import static tillbridge.protocol.message.FieldSpec.Kind.LIST;
import static tillbridge.protocol.message.FieldSpec.Kind.NUMBER;
import static tillbridge.protocol.message.FieldSpec.Kind.TEXT;
import static tillbridge.protocol.message.FieldSpec.Use.OPTIONAL;
import static tillbridge.protocol.message.FieldSpec.Use.PRESENT;
import static tillbridge.protocol.message.FieldSpec.Use.REQUIRED;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;

/**
 * The message table: every packet type with its record and its fields in wire order. A body is
 * corrected here, in one line, when the specification is read. Types marked "tillbridge" in
 * docs/protocol.md have bodies we defined ourselves, as no public source defines them.
 */
public final class Messages {
    private static final List<Codec> TABLE = List.of(
            codec("T1", CommTest.Query.class),
            codec("T2", CommTest.Answer.class, t("version", 4, REQUIRED), t("vendor", 20, OPTIONAL), t("device_type", 20, OPTIONAL), t("device_id", 20, OPTIONAL)),
            codec("T3", Versions.Inquiry.class),
            codec("T4", Versions.Proposal.class, f("versions", LIST, 20, OPTIONAL)),
            codec("T5", Versions.Selection.class, t("version", 4, REQUIRED)),
            codec("D4", DeviceParams.Request.class),
            codec("D5", DeviceParams.Answer.class,
                    n("printer_cpl", 4, PRESENT), n("printer_cpl2x", 4, PRESENT), n("printer_cpl4x", 4, PRESENT), n("printer_cpln", 4, PRESENT),
                    f("printer_h2", FLAG, 1, REQUIRED), f("printer_h4", FLAG, 1, REQUIRED), f("printer_inv", FLAG, 1, REQUIRED),
                    n("printer_max_barcode_length", 6, PRESENT), n("printer_max_qrcode_length", 6, PRESENT),
                    n("printer_max_bitmap_count", 6, PRESENT), n("printer_max_bitmap_width", 6, PRESENT), n("printer_max_bitmap_height", 6, PRESENT),
                    n("printer_aspect_ratio", 6, PRESENT), n("printer_buffer_max_lines", 6, PRESENT),
                    n("display_lc", 4, PRESENT), n("display_cpl", 4, PRESENT),
                    f("key_names", LIST, 9, PRESENT), n("topology", 1, REQUIRED),
                    f("nfc", FLAG, 1, REQUIRED), f("ccr", FLAG, 1, REQUIRED), f("mcr", FLAG, 1, REQUIRED), f("bar", FLAG, 1, REQUIRED)),
            codec("S1", Sale.Start.class,
                    t("kind", 1, REQUIRED), t("ecr_id", 20, REQUIRED), t("payment_id", 20, REQUIRED),
                    n("gross", 12, REQUIRED), n("net", 12, REQUIRED), n("vat", 12, REQUIRED), t("currency", 3, REQUIRED),
                    n("cashback", 12, REQUIRED), n("max_cashback", 12, OPTIONAL)),
            codec("S2", Sale.End.class,
                    n("result", 6, PRESENT), f("card_token", HEX, 32, PRESENT), t("mid", 20, PRESENT), t("tid", 20, PRESENT),
                    t("transaction_id", 20, PRESENT), n("amount", 12, OPTIONAL), n("cashback", 12, OPTIONAL),
                    t("method", 40, OPTIONAL), t("message", 80, OPTIONAL), t("masked_pan", 19, OPTIONAL), t("auth_code", 8, OPTIONAL),
                    t("payment_id", 20, OPTIONAL), t("ecr_id", 20, OPTIONAL)),
            codec("P1", Sale.Abort.class),
            codec("I1", Sale.Status.class, n("status", 4, REQUIRED), t("message", 80, OPTIONAL)),
            codec("A1", App.Start.class),
            codec("A2", App.Ack.class, n("result", 6, REQUIRED), t("message", 100, OPTIONAL)),
            codec("D0", Printing.Answer.class, n("result", 6, REQUIRED), t("message", 80, OPTIONAL)),
            codec("D1", Printing.StatusQuery.class),
            codec("D2", Printing.Start.class, t("title", 40, OPTIONAL), n("lines", 6, OPTIONAL)),
            codec("D6", Printing.Content.class, t("attributes", 5, PRESENT), f("lines", EXTENDED_LIST, 20, REQUIRED)),
            codec("D3", Printing.End.class, f("cut", FLAG, 1, REQUIRED)),
            codec("D7", Printing.GraphicQuery.class, n("graphic_id", 4, REQUIRED)),
            codec("D8", Printing.GraphicInfo.class, n("graphic_id", 4, REQUIRED), f("present", FLAG, 1, REQUIRED), n("width", 6, OPTIONAL), n("height", 6, OPTIONAL)),
            codec("D9", Printing.GraphicStore.class, n("graphic_id", 4, REQUIRED), n("part", 4, REQUIRED), f("last", FLAG, 1, REQUIRED),
                    n("width", 6, REQUIRED), n("height", 6, REQUIRED), f("data", HEX, 400, REQUIRED)),
            codec("DA", Printing.GraphicRemove.class, n("graphic_id", 4, REQUIRED)),
            codec("K0", Console.Result.class, n("result", 6, REQUIRED), t("output", 100, OPTIONAL)),
            codec("K1", Console.Claim.class),
            codec("K2", Console.Interrupt.class, t("reason", 80, OPTIONAL)),
            codec("K3", Console.Display.class, f("text", EXTENDED_TEXT, 160, REQUIRED), n("seconds", 4, OPTIONAL)),
            codec("K4", Console.Question.class, f("text", EXTENDED_TEXT, 160, REQUIRED)),
            codec("K5", Console.Menu.class, f("title", EXTENDED_TEXT, 40, PRESENT), f("items", EXTENDED_LIST, 20, REQUIRED)),
            codec("K6", Console.ValueList.class, f("title", EXTENDED_TEXT, 40, PRESENT), f("values", EXTENDED_LIST, 20, REQUIRED)),
            codec("K7", Console.Input.class, f("prompt", EXTENDED_TEXT, 80, REQUIRED), n("min_length", 3, REQUIRED), n("max_length", 3, REQUIRED), f("masked", FLAG, 1, REQUIRED)),
            codec("K8", Console.CardData.class, f("prompt", EXTENDED_TEXT, 80, PRESENT), n("seconds", 4, OPTIONAL)),
            codec("K9", Console.Sound.class, n("tone", 2, REQUIRED), n("millis", 5, REQUIRED)),
            codec("L1", Notice.Unavailable.class, n("seconds", 6, REQUIRED), t("reason", 80, OPTIONAL)),
            codec("M1", Notice.Event.class, n("event", 6, REQUIRED), t("text", 80, OPTIONAL)),
            codec("B1", Keys.PairingRequest.class, t("version", 4, REQUIRED), t("vendor", 20, PRESENT), t("device_type", 20, PRESENT), t("device_id", 20, PRESENT)),
            codec("B2", Keys.PairingAnswer.class, t("version", 4, REQUIRED), t("vendor", 20, PRESENT), t("device_type", 20, PRESENT), t("device_id", 20, PRESENT),
                    n("result", 6, PRESENT), f("modulus", HEX, 256, OPTIONAL), f("exponent", HEX, 3, OPTIONAL)),
            codec("B3", Keys.Exchange.class, f("kek", HEX, 256, REQUIRED), f("kcv", HEX, 3, REQUIRED)),
            codec("B4", Keys.ExchangeAck.class, n("result", 6, PRESENT)));

    private static final Map<String, Codec> BY_CODE = TABLE.stream().collect(Collectors.toMap(Codec::code, Function.identity()));
    private static final Map<Class<?>, Codec> BY_TYPE = TABLE.stream().collect(Collectors.toMap(Codec::type, Function.identity()));

    private Messages() {}

    /** The typed message in a packet: {@link Unknown} for a type not in the table, {@link Invalid} for a broken body. */
    public static Message decode(Packet p) {
        Codec c = BY_CODE.get(p.type());
        if (c == null) return new Unknown(p.type(), p.fields());
        try {
            return c.decode(p.fields());
        } catch (ProtocolException e) {
            return new Invalid(p.type(), p.fields(), e.getMessage());
        }
    }

    /** The packet for a message; throws IllegalArgumentException if a value breaks the schema. */
    public static Packet encode(String token, Message m) {
        return switch (m) {
            case Unknown u -> new Packet(token, u.code(), u.fields());
            case Invalid i -> new Packet(token, i.code(), i.fields());
            default -> new Packet(token, m.code(), codec(m.getClass()).encode(m));
        };
    }

    /** The fields of a known type in wire order, or empty for a type not in the table. */
    public static Optional<List<FieldSpec>> schema(String code) {
        return Optional.ofNullable(BY_CODE.get(code)).map(Codec::fields);
    }

    /** The fields of a packet by name (raw wire text); fields past the schema are named {@code _N}. */
    public static Map<String, String> named(Packet p) {
        List<FieldSpec> spec = schema(p.type()).orElse(List.of());
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < p.fields().size(); i++) out.put(i < spec.size() ? spec.get(i).name() : "_" + (i + 1), p.fields().get(i));
        return out;
    }

    /**
     * The inverse of {@link #named}: a packet from named raw fields. Missing names count as empty;
     * a name the type does not have is an error, so a typo in a config file or channel message is
     * reported instead of dropped.
     */
    public static Packet fromNamed(String token, String type, Map<String, String> fields) throws ProtocolException {
        List<FieldSpec> spec = schema(type).orElse(List.of());
        List<String> raw = new ArrayList<>();
        for (FieldSpec f : spec) raw.add(fields.getOrDefault(f.name(), ""));
        for (String name : fields.keySet())
            if (spec.stream().noneMatch(f -> f.name().equals(name))) {
                if (!name.matches("_\\d+")) throw new ProtocolException(type + " has no field '" + name + "'");
                int at = Integer.parseInt(name.substring(1)) - 1;
                while (raw.size() <= at) raw.add("");
                raw.set(at, fields.get(name));
            }
        int n = raw.size();
        while (n > 0 && raw.get(n - 1).isEmpty() && (n > spec.size() || spec.get(n - 1).use() == FieldSpec.Use.OPTIONAL)) n--;
        try {
            return new Packet(token, type, raw.subList(0, n));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(e.getMessage());
        }
    }

    static Codec codec(Class<?> type) {
        Codec c = BY_TYPE.get(type);
        if (c == null) throw new IllegalStateException(type.getName() + " is not in the message table");
        return c;
    }

    private static Codec codec(String code, Class<? extends Message> type, FieldSpec... fields) {
        return new Codec(code, type, List.of(fields));
    }

    private static FieldSpec t(String name, int max, FieldSpec.Use use) {
        return new FieldSpec(name, TEXT, max, use);
    }

    private static FieldSpec n(String name, int max, FieldSpec.Use use) {
        return new FieldSpec(name, NUMBER, max, use);
    }

    private static FieldSpec f(String name, FieldSpec.Kind kind, int max, FieldSpec.Use use) {
        return new FieldSpec(name, kind, max, use);
    }
}
