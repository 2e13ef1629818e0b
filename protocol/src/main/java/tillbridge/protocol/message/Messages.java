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

import static tillbridge.protocol.PacketType.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tillbridge.protocol.Packet;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.ProtocolException;

/**
 * The message table: every packet type's fields in wire order (its record and the rest of what
 * it is are in {@link PacketType}). A body is corrected here, in one line, when the specification is read. Types marked "tillbridge" in
 * docs/protocol.md have bodies we defined ourselves, as no public source defines them.
 */
public final class Messages {
    private static final List<Codec> TABLE = List.of(
            codec(T1),
            codec(T2, t("version", 4, REQUIRED), t("vendor", 20, OPTIONAL), t("device_type", 20, OPTIONAL), t("device_id", 20, OPTIONAL)),
            codec(T3),
            codec(T4, f("versions", LIST, 20, OPTIONAL)),
            codec(T5, t("version", 4, REQUIRED)),
            codec(D4),
            codec(D5,
                    n("printer_cpl", 4, PRESENT), n("printer_cpl2x", 4, PRESENT), n("printer_cpl4x", 4, PRESENT), n("printer_cpln", 4, PRESENT),
                    f("printer_h2", FLAG, 1, REQUIRED), f("printer_h4", FLAG, 1, REQUIRED), f("printer_inv", FLAG, 1, REQUIRED),
                    n("printer_max_barcode_length", 6, PRESENT), n("printer_max_qrcode_length", 6, PRESENT),
                    n("printer_max_bitmap_count", 6, PRESENT), n("printer_max_bitmap_width", 6, PRESENT), n("printer_max_bitmap_height", 6, PRESENT),
                    n("printer_aspect_ratio", 6, PRESENT), n("printer_buffer_max_lines", 6, PRESENT),
                    n("display_lc", 4, PRESENT), n("display_cpl", 4, PRESENT),
                    f("key_names", LIST, 9, PRESENT), n("topology", 1, REQUIRED),
                    f("nfc", FLAG, 1, REQUIRED), f("ccr", FLAG, 1, REQUIRED), f("mcr", FLAG, 1, REQUIRED), f("bar", FLAG, 1, REQUIRED)),
            codec(S1,
                    t("kind", 1, REQUIRED), t("ecr_id", 20, REQUIRED), t("payment_id", 20, REQUIRED),
                    n("gross", 12, REQUIRED), n("net", 12, REQUIRED), n("vat", 12, REQUIRED), t("currency", 3, REQUIRED),
                    n("cashback", 12, REQUIRED), n("max_cashback", 12, OPTIONAL)),
            codec(S2,
                    n("result", 6, PRESENT), f("card_token", HEX, 32, PRESENT), t("mid", 20, PRESENT), t("tid", 20, PRESENT),
                    t("transaction_id", 20, PRESENT), n("amount", 12, OPTIONAL), n("cashback", 12, OPTIONAL),
                    t("method", 40, OPTIONAL), t("message", 80, OPTIONAL), t("masked_pan", 19, OPTIONAL), t("auth_code", 8, OPTIONAL),
                    t("payment_id", 20, OPTIONAL), t("ecr_id", 20, OPTIONAL)),
            codec(P1),
            codec(I1, n("status", 4, REQUIRED), t("message", 80, OPTIONAL)),
            codec(A1),
            codec(A2, n("result", 6, REQUIRED), t("message", 100, OPTIONAL)),
            codec(D0, n("result", 6, REQUIRED), t("message", 80, OPTIONAL)),
            codec(D1),
            codec(D2, t("title", 40, OPTIONAL), n("lines", 6, OPTIONAL)),
            codec(D6, t("attributes", 5, PRESENT), f("lines", EXTENDED_LIST, 20, REQUIRED)),
            codec(D3, f("cut", FLAG, 1, REQUIRED)),
            codec(D7, n("graphic_id", 4, REQUIRED)),
            codec(D8, n("graphic_id", 4, REQUIRED), f("present", FLAG, 1, REQUIRED), n("width", 6, OPTIONAL), n("height", 6, OPTIONAL)),
            codec(D9, n("graphic_id", 4, REQUIRED), n("part", 4, REQUIRED), f("last", FLAG, 1, REQUIRED),
                    n("width", 6, REQUIRED), n("height", 6, REQUIRED), f("data", HEX, 400, REQUIRED)),
            codec(DA, n("graphic_id", 4, REQUIRED)),
            codec(K0, n("result", 6, REQUIRED), f("output", EXTENDED_TEXT, 100, OPTIONAL)),
            codec(K1),
            codec(K2, t("reason", 80, OPTIONAL)),
            codec(K3, f("text", EXTENDED_TEXT, 160, REQUIRED), n("seconds", 4, OPTIONAL)),
            codec(K4, f("text", EXTENDED_TEXT, 160, REQUIRED)),
            codec(K5, f("title", EXTENDED_TEXT, 40, PRESENT), f("items", EXTENDED_LIST, 20, REQUIRED)),
            codec(K6, f("title", EXTENDED_TEXT, 40, PRESENT), f("values", EXTENDED_LIST, 20, REQUIRED)),
            codec(K7, f("prompt", EXTENDED_TEXT, 80, REQUIRED), n("min_length", 3, REQUIRED), n("max_length", 3, REQUIRED), f("masked", FLAG, 1, REQUIRED)),
            codec(K8, f("prompt", EXTENDED_TEXT, 80, PRESENT), n("seconds", 4, OPTIONAL)),
            codec(K9, n("tone", 2, REQUIRED), n("millis", 5, REQUIRED)),
            codec(L1, n("seconds", 6, REQUIRED), t("reason", 80, OPTIONAL)),
            codec(M1, n("event", 6, REQUIRED), t("text", 80, OPTIONAL)),
            codec(B1, t("version", 4, REQUIRED), t("vendor", 20, PRESENT), t("device_type", 20, PRESENT), t("device_id", 20, PRESENT)),
            codec(B2, t("version", 4, REQUIRED), t("vendor", 20, PRESENT), t("device_type", 20, PRESENT), t("device_id", 20, PRESENT),
                    n("result", 6, PRESENT), f("modulus", HEX, 256, OPTIONAL), f("exponent", HEX, 3, OPTIONAL)),
            codec(B3, f("kek", HEX, 256, REQUIRED), f("kcv", HEX, 3, REQUIRED)),
            codec(B4, n("result", 6, PRESENT)));

    /** The codec of each type, by its ordinal: found with an array access on every frame. */
    private static final Codec[] BY_TYPE = new Codec[PacketType.values().length];

    static {
        for (Codec c : TABLE) BY_TYPE[c.packetType().ordinal()] = c;
    }

    private Messages() {}

    /** The typed message in a packet: {@link Unknown} for a type not in the table, {@link Invalid} for a broken body. */
    public static Message decode(Packet p) {
        PacketType t = PacketType.find(p.type());
        if (t == null) return new Unknown(p.type(), p.fields());
        try {
            return codecOf(t).decode(p.fields());
        } catch (ProtocolException e) {
            return new Invalid(t, p.fields(), e.getMessage());
        }
    }

    /** The packet for a message; throws IllegalArgumentException if a value breaks the schema. */
    public static Packet encode(String token, Message m) {
        return switch (m) {
            case Unknown u -> new Packet(token, u.code(), u.fields());
            case Invalid i -> new Packet(token, i.code(), i.fields());
            default -> {
                PacketType t = m.type();
                yield new Packet(token, t.code(), codecOf(t).encode(m));
            }
        };
    }

    /** The fields of a known type in wire order, or empty for a type not in the table. */
    public static Optional<List<FieldSpec>> schema(String code) {
        return Optional.ofNullable(PacketType.find(code)).map(t -> codecOf(t).fields());
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

    private static Codec codecOf(PacketType type) {
        Codec c = BY_TYPE[type.ordinal()];
        if (c == null) throw new IllegalStateException(type + " is not in the message table");
        return c;
    }

    private static Codec codec(PacketType type, FieldSpec... fields) {
        return new Codec(type, List.of(fields));
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
