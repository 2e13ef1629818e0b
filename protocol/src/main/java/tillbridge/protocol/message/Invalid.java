package tillbridge.protocol.message;

import java.util.List;
import tillbridge.protocol.PacketType;

/** A known packet type whose body breaks its schema; {@code reason} names the field and the rule. */
public record Invalid(PacketType type, List<String> fields, String reason) implements Message {
    public Invalid {
        fields = List.copyOf(fields);
    }

    @Override
    public String code() {
        return type.code();
    }

    /** Readable, and safe for logs: hides what the type's secrecy hides (the key material of a broken B3). */
    @Override
    public String toString() {
        return "Invalid[" + type + ", " + type.secrecy().show(fields) + ", " + reason + "]";
    }
}
