package tillbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tillbridge.protocol.PacketType.Secrecy;
import tillbridge.protocol.flow.Flow;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Samples;
import tillbridge.protocol.message.Unknown;

/** The packet-type table is complete, agrees with itself and the message table, keeps secrets out of logs, and is what docs/protocol.md lists. */
class PacketTypeTest {
    private static final Path DOC = Path.of("..", "docs", "protocol.md");
    private static final String DOC_HEADER = "| type | dir | answer | route | flow | idempotent | secret |";

    @Test
    void everyMessageRecordHasExactlyOneType() {
        List<Class<?>> records = records(Message.class);

        assertThat(records).hasSize(PacketType.values().length);
        for (Class<?> r : records) {
            List<PacketType> owners = Arrays.stream(PacketType.values()).filter(t -> t.record() == r).toList();
            assertThat(owners).as(r.getName()).hasSize(1);
            assertThat(PacketType.of(r.asSubclass(Message.class))).isEqualTo(owners.getFirst());
        }
    }

    @Test
    void everyTypeIsInTheMessageTableAndFoundByItsCode() {
        for (PacketType t : PacketType.values()) {
            assertThat(Messages.schema(t.code())).as(t.code()).isPresent();
            assertThat(PacketType.find(t.code())).isSameAs(t);
        }
        assertThat(PacketType.find("Z9")).isNull();
        assertThat(PacketType.find("error")).isNull();
    }

    @Test
    void everySampleMessageDecodesToTheTypeItsRecordHas() {
        for (Message m : Samples.everyType()) {
            Message decoded = Messages.decode(Messages.encode("2713", m));
            assertThat(decoded.type()).isSameAs(m.type());
            assertThat(m.code()).isEqualTo(m.type().code());
        }
        assertThat(new Unknown("Z9", List.of()).type()).isNull();
    }

    @Test
    void everyAnswerGoesTheOtherWayInTheSameFlow() {
        for (PacketType t : PacketType.values()) {
            PacketType a = t.answer();
            if (a == null) continue;
            assertThat(a.direction()).as(t + " answered by " + a).isEqualTo(t.direction().reverse());
            assertThat(a.flow()).as(t + " answered by " + a).isEqualTo(t.flow());
            assertThat(a.route() == PacketType.Route.FROB).as(t + " answered by " + a).isEqualTo(t.route() == PacketType.Route.FROB);
        }
    }

    @Test
    void onlyTypesWithoutAnOrderAreOutsideEveryFlow() {
        for (PacketType t : PacketType.values())
            assertThat(t.flow() == Flow.NONE).as(t.code()).isEqualTo(t == PacketType.L1 || t == PacketType.M1);
    }

    @Test
    void aPaymentRequestIsNeverResentAfterATimeout() {
        assertThat(PacketType.S1.idempotent()).isFalse();
        assertThat(PacketType.A1.idempotent()).isFalse();
    }

    @Test
    void secretTypesAreMaskedInTheLogText() {
        List<Message> secret = Samples.everyType().stream().filter(m -> m.type().secrecy() != Secrecy.NONE).toList();
        assertThat(secret).extracting(Message::code).containsExactlyInAnyOrder("S2", "B3");
        for (Message m : secret) {
            Packet p = Messages.encode("2713", m);
            boolean keys = m.type().secrecy() == Secrecy.KEY_MATERIAL;
            List<String> hidden = keys ? p.fields() : List.of(p.fields().get(1));
            List<String> logged = new ArrayList<>(List.of(p.toString(), new Invalid(m.type(), p.fields(), "broken").toString()));
            // the debug hex dump hides whole frames of key material only
            if (keys) logged.add(Frames.forLog(p.frame()));
            for (String field : hidden) {
                assertThat(field).isNotEmpty();
                for (String line : logged) assertThat(line).as(m.code() + " log text").doesNotContain(field).doesNotContain(Bytes.raw(field).hex());
            }
        }
        assertThat(Frames.forLog(Messages.encode("2713", Samples.B3).frame())).startsWith("<B3 frame of ");
    }

    @Test
    void theDocumentedTableIsTheEnum() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int at = lines.indexOf(DOC_HEADER);
        assertThat(at).as("docs/protocol.md has the table headed " + DOC_HEADER).isNotNegative();
        List<String> documented = new ArrayList<>();
        for (int i = at + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) documented.add(lines.get(i));

        List<String> expected = Arrays.stream(PacketType.values()).map(PacketTypeTest::row).toList();

        assertThat(documented).as("docs/protocol.md should list, after its header row:%n%s", String.join("\n", expected))
                .isEqualTo(expected);
    }

    /** One row of the documented table. */
    private static String row(PacketType t) {
        return "| " + t.code() + " | " + t.direction().symbol() + " | " + (t.answer() == null ? "—" : t.answer().code())
                + " | " + lower(t.route()) + " | " + (t.flow() == Flow.NONE ? "—" : t.flow().label()) + " | " + (t.idempotent() ? "yes" : "no")
                + " | " + (t.secrecy() == Secrecy.NONE ? "—" : lower(t.secrecy()).replace('_', ' ')) + " |";
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The record classes of a sealed hierarchy, Unknown and Invalid aside (they stand for no type of their own). */
    private static List<Class<?>> records(Class<?> sealed) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : sealed.getPermittedSubclasses()) {
            if (c == Unknown.class || c == Invalid.class) continue;
            if (c.isRecord()) out.add(c);
            else out.addAll(records(c));
        }
        return out;
    }
}
