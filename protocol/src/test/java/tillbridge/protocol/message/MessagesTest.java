package tillbridge.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;

/** The message table (docs/protocol.md): typed records to packets and back. */
class MessagesTest {
    static List<Message> everyType() {
        return Samples.everyType();
    }

    @Test
    void samplesCoverEveryTypeInTheTable() {
        Set<String> table = new TreeSet<>();
        for (char c = 'A'; c <= 'Z'; c++)
            for (char d : "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray())
                if (Messages.schema("" + c + d).isPresent()) table.add("" + c + d);

        Set<String> sampled = everyType().stream().map(Message::code).collect(Collectors.toCollection(TreeSet::new));

        assertThat(sampled).isEqualTo(table);
        assertThat(table).hasSize(38);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyType")
    void roundTripsThroughPacketFrameAndDecoder(Message m) throws ProtocolException {
        byte[] wire = Messages.encode("2713", m).frame().toArray();
        List<FrameEvent> events = new java.util.ArrayList<>();
        new FrameDecoder().feed(wire, 0, wire.length, events::add);

        FrameEvent.Frame frame = (FrameEvent.Frame) events.getFirst();
        Packet p = Packet.parse(frame.body());
        assertThat(events).hasSize(1);
        assertThat(p.token()).isEqualTo("2713");
        assertThat(Messages.decode(p)).isEqualTo(m);
    }

    @Test
    void unknownTypeIsKeptOpaqueAndReEncodedIdentically() {
        Packet p = Packet.of("2713", "X7", "abc", "", "1\u001f2\u001f");

        Message m = Messages.decode(p);

        assertThat(m).isEqualTo(new Unknown("X7", List.of("abc", "", "1\u001f2\u001f")));
        assertThat(m.code()).isEqualTo("X7");
        assertThat(Messages.encode("2713", m)).isEqualTo(p);
    }

    @Test
    void nonDigitAmountIsInvalidNamingTheField() {
        Message m = Messages.decode(s1("S", "KASA-01", "P1", "12a45", "10037", "2308", "PLN", "0"));

        assertThat(m).isInstanceOf(Invalid.class);
        assertThat(((Invalid) m).reason()).contains("gross").contains("digits");
    }

    @Test
    void tooLongTextIsInvalidNamingTheField() {
        Message m = Messages.decode(s1("S", "K".repeat(21), "P1", "12345", "10037", "2308", "PLN", "0"));

        assertThat(((Invalid) m).reason()).contains("ecr_id").contains("21").contains("20");
    }

    @Test
    void missingMandatoryFieldIsInvalidNamingTheField() {
        Message m = Messages.decode(s1("S", "KASA-01", "P1", "12345", "10037", "2308", "PLN"));

        assertThat(((Invalid) m).reason()).contains("cashback").contains("missing");
    }

    @Test
    void emptyRequiredFieldIsInvalidNamingTheField() {
        Message m = Messages.decode(s1("S", "KASA-01", "", "12345", "10037", "2308", "PLN", "0"));

        assertThat(((Invalid) m).reason()).contains("payment_id").contains("empty");
    }

    @Test
    void recordInvariantBrokenOnTheWireIsInvalidToo() {
        Message m = Messages.decode(s1("S", "KASA-01", "P1", "12345", "10037", "2308", "pln", "0"));

        assertThat(((Invalid) m).reason()).contains("currency");
    }

    @Test
    void invalidKeepsTheRawFieldsAndReEncodesThem() {
        Packet p = s1("S", "KASA-01", "P1", "12a45", "10037", "2308", "PLN", "0");

        assertThat(Messages.encode("2713", Messages.decode(p))).isEqualTo(p);
    }

    @Test
    void extendedTextByteTheCharsetDoesNotDefineIsInvalidRatherThanAltered() {
        Message m = Messages.decode(Packet.of("4E24", "K4", "ZAPLACIC\u0081"));

        assertThat(((Invalid) m).reason()).contains("text").contains("windows-1250");
    }

    @Test
    void extraTrailingFieldsAreIgnoredOnRead() {
        Packet p = s1("S", "KASA-01", "PAR/2024/000123", "12345", "10037", "2308", "PLN", "0", "", "future", "fields");

        assertThat(Messages.decode(p)).isEqualTo(Samples.S1);
    }

    @Test
    void trailingEmptyOptionalFieldsAreLeftOutOnWrite() {
        assertThat(Messages.encode("2713", Samples.S1).fields()).hasSize(8).last().isEqualTo("0");
        assertThat(Messages.encode("2713", Sale.End.of(993, "")).fields()).hasSize(5);
        assertThat(Messages.encode("2713", Sale.End.of(993, "BUSY")).fields()).hasSize(9);
    }

    @Test
    void emptyOptionalFieldInTheMiddleIsWrittenEmpty() {
        var s1 = new Sale.Start("S", "K", "P", 1, 1, 0, "PLN", 0, OptionalLong.of(0));

        assertThat(Messages.encode("1", s1).fields()).hasSize(9);
        assertThat(Messages.encode("1", Sale.End.of(0, "OK")).fields()).containsExactly("0", "", "", "", "", "", "", "", "OK");
    }

    @Test
    void encodingATooLongValueThrowsNamingTheField() {
        var tooLong = new Sale.Start("S", "K".repeat(21), "P", 1, 1, 0, "PLN", 0, OptionalLong.empty());

        assertThatIllegalArgumentException().isThrownBy(() -> Messages.encode("1", tooLong)).withMessageContaining("ecr_id");
    }

    @Test
    void encodingTooManyDigitsThrowsNamingTheField() {
        var tooBig = new Sale.Start("S", "K", "P", 1_000_000_000_000L, 1, 0, "PLN", 0, OptionalLong.empty());

        assertThatIllegalArgumentException().isThrownBy(() -> Messages.encode("1", tooBig)).withMessageContaining("gross");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyType")
    void namedAndFromNamedRoundTrip(Message m) throws ProtocolException {
        Packet p = Messages.encode("4E21", m);

        assertThat(Messages.fromNamed("4E21", p.type(), Messages.named(p))).isEqualTo(p);
    }

    @Test
    void namedUsesSchemaNamesAndNumbersExtraFields() throws ProtocolException {
        Packet p = Packet.of("1", "I1", "20", "WAIT", "extra");
        Map<String, String> named = Messages.named(p);

        assertThat(named).containsExactly(Map.entry("status", "20"), Map.entry("message", "WAIT"), Map.entry("_3", "extra"));
        assertThat(Messages.fromNamed("1", "I1", named)).isEqualTo(p);
    }

    @Test
    void fromNamedTreatsMissingNamesAsEmptyAndDropsTrailingOptionals() throws ProtocolException {
        assertThat(Messages.fromNamed("1", "I1", Map.of("status", "20"))).isEqualTo(Packet.of("1", "I1", "20"));
    }

    @Test
    void fromNamedRejectsAFieldTheTypeDoesNotHave() {
        Map<String, String> typo = new LinkedHashMap<>(Map.of("status", "20", "mesage", "x"));

        assertThatThrownBy(() -> Messages.fromNamed("1", "I1", typo))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("mesage").hasMessageContaining("I1");
    }

    @Test
    void schemaIsEmptyForUnknownTypes() {
        assertThat(Messages.schema("X7")).isEmpty();
        assertThat(Messages.schema("S1")).get().asList().hasSize(9);
    }

    private static Packet s1(String... fields) {
        return Packet.of("2713", "S1", fields);
    }
}
