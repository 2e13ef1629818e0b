package tillbridge.protocol.message;

import java.util.List;

/** A known packet type whose body breaks its schema; {@code reason} names the field and the rule. */
public record Invalid(String code, List<String> fields, String reason) implements Message {
    public Invalid {
        fields = List.copyOf(fields);
    }
}
