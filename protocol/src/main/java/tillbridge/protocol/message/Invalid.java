package tillbridge.protocol.message;

import java.util.List;
import tillbridge.protocol.Packet;

/** A known packet type whose body breaks its schema; {@code reason} names the field and the rule. */
public record Invalid(String code, List<String> fields, String reason) implements Message {
    public Invalid {
        fields = List.copyOf(fields);
    }

    /** Readable, and safe for logs: the fields of a broken B3 (key material) are not shown. */
    @Override
    public String toString() {
        return "Invalid[" + code + ", " + (code.equals("B3") ? "<" + fields.size() + " secret fields>" : Packet.printable(String.join("|", fields))) + ", " + reason + "]";
    }
}
