package tillbridge.protocol;

import static org.quicktheories.generators.Generate.booleans;
import static org.quicktheories.generators.Generate.constant;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import tillbridge.protocol.message.FieldSpec;
import tillbridge.protocol.message.Messages;

/** QuickTheories generators for wire-level values, driven by the message table's schema. */
public final class Gens {
    /** Every type in the message table. */
    public static final List<String> KNOWN_TYPES = IntStream.rangeClosed('A', 'Z').boxed()
            .flatMap(c -> "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".chars().mapToObj(d -> "" + (char) c.intValue() + (char) d))
            .filter(t -> Messages.schema(t).isPresent()).toList();

    /** Fields whose record adds a rule the schema cannot state; generated so the record accepts them. */
    private static final Map<String, Gen<String>> RECORD_RULES = Map.of(
            "currency", pick(List.of("PLN", "EUR", "USD", "CHF")),
            "attributes", chars("WHIBC", 0, 5),
            "masked_pan", pick(List.of("", "411111******1111", "5500********0004")));

    private static final String HEX = "0123456789ABCDEFabcdef";
    private static final String DIGITS = "0123456789";

    private Gens() {}

    /** Fixed seed so a failure reproduces; set -Dtb.qt.seed to explore other cases. */
    public static QuickTheory qt() {
        return QuickTheory.qt().withFixedSeed(Long.getLong("tb.qt.seed", 0x7111B41D6EL));
    }

    public static Gen<String> token() {
        return chars(HEX, 1, 6);
    }

    /** A packet of a known type whose every field obeys the schema, in canonical form (trailing empty optionals left out). */
    public static Gen<Packet> validPacket() {
        return token().zip(pick(KNOWN_TYPES), Gens::validFieldsOf).flatMap(g -> g);
    }

    private static Gen<Packet> validFieldsOf(String token, String type) {
        List<FieldSpec> spec = Messages.schema(type).orElseThrow();
        return in -> {
            List<String> fields = new ArrayList<>();
            for (FieldSpec f : spec) fields.add(RECORD_RULES.getOrDefault(f.name(), value(f)).generate(in));
            int n = fields.size();
            while (n > 0 && fields.get(n - 1).isEmpty() && spec.get(n - 1).use() == FieldSpec.Use.OPTIONAL) n--;
            return new Packet(token, type, fields.subList(0, n));
        };
    }

    /** A value the schema accepts for {@code f}: numbers without leading zeros, hex in either case. */
    public static Gen<String> value(FieldSpec f) {
        Gen<String> full = switch (f.kind()) {
            case NUMBER -> number(f.max());
            case TEXT -> printable(' ', '~', 1, f.max());
            case EXTENDED_TEXT -> extended(1, f.max());
            case HEX -> range(1, f.max()).flatMap(bytes -> chars(HEX, 2 * bytes, 2 * bytes));
            case FLAG -> pick(List.of("0", "1"));
            case LIST -> list(printable(' ', '~', 0, 12), f.max());
            case EXTENDED_LIST -> list(extended(0, 12), f.max());
        };
        return f.use() == FieldSpec.Use.REQUIRED ? full : booleans().flatMap(empty -> empty ? constant("") : full);
    }

    /** Any field text a {@link Packet} can hold: bytes 0x00-0xFF except STX, ETX and FS. */
    public static Gen<String> anyField() {
        return range(0, 30).flatMap(n -> in -> {
            StringBuilder sb = new StringBuilder(n);
            while (sb.length() < n) {
                char c = (char) range(0, 0xFF).generate(in).intValue();
                if (c != Wire.STX && c != Wire.ETX && c != Wire.FS) sb.append(c);
            }
            return sb.toString();
        });
    }

    /** Any two-character type the packet grammar allows, known or not. */
    public static Gen<String> anyType() {
        Gen<String> random = chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 1).zip(chars(DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 1), String::concat);
        return pick(KNOWN_TYPES).mix(random, 70);
    }

    public static Gen<Packet> anyPacket() {
        return token().zip(anyType(), range(0, 12).flatMap(n -> in -> IntStream.range(0, n).mapToObj(i -> anyField().generate(in)).toList()),
                Packet::new);
    }

    /** Wire-like bytes: control bytes, digits and letters are frequent so frames, half frames and noise all occur. */
    public static Gen<byte[]> wireBytes(int maxLength) {
        Gen<Integer> b = pick(List.<Integer>of(0x02, 0x03, 0x06, 0x15, 0x1C, 0x1F, 0x00, (int) '1', (int) '2', (int) 'T', (int) 'S', (int) 'A'))
                .mix(range(0, 0xFF), 50);
        return range(0, maxLength).flatMap(n -> in -> {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) out[i] = (byte) b.generate(in).intValue();
            return out;
        });
    }

    /** Chunk sizes (0 included) that together cover {@code length} bytes. */
    public static Gen<int[]> chunking(int length) {
        return in -> {
            List<Integer> sizes = new ArrayList<>();
            for (int left = length; left > 0; ) {
                int n = Math.min(left, range(0, 20).generate(in));
                sizes.add(n);
                left -= n;
            }
            return sizes.stream().mapToInt(Integer::intValue).toArray();
        };
    }

    private static Gen<String> number(int maxDigits) {
        Gen<String> rest = range(0, maxDigits - 1).flatMap(n -> chars(DIGITS, n, n));
        return constant("0").mix(chars("123456789", 1, 1).zip(rest, String::concat), 90);
    }

    private static Gen<String> list(Gen<String> unit, int maxUnits) {
        return range(1, Math.min(maxUnits, 6)).flatMap(n -> in -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) sb.append(unit.generate(in)).append((char) Wire.US);
            return sb.toString();
        });
    }

    private static Gen<String> printable(char lo, char hi, int min, int max) {
        return range(min, max).flatMap(n -> in -> {
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) sb.append((char) range(lo, hi).generate(in).intValue());
            return sb.toString();
        });
    }

    /** Extended text as it travels, one char per byte: the printable bytes the extended-text charset defines. */
    private static Gen<String> extended(int min, int max) {
        return chars(EXTENDED_BYTES, min, max);
    }

    private static final String EXTENDED_BYTES = IntStream.rangeClosed(0x20, 0xFF)
            .filter(b -> b != 0x7F && new String(new byte[] {(byte) b}, Wire.EXTENDED_TEXT).charAt(0) != '\uFFFD')
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();

    private static Gen<String> chars(String alphabet, int min, int max) {
        return range(min, max).flatMap(n -> in -> {
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) sb.append(alphabet.charAt(range(0, alphabet.length() - 1).generate(in)));
            return sb.toString();
        });
    }
}
