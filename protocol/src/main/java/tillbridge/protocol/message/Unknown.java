package tillbridge.protocol.message;

import java.util.List;
import tillbridge.protocol.PacketType;

/** A packet type this version does not know: kept opaque so it can still be acknowledged and routed. */
public record Unknown(String code, List<String> fields) implements Message {
    public Unknown {
        fields = List.copyOf(fields);
    }

    /** None: the type is not in {@link PacketType}. */
    @Override
    public PacketType type() {
        return null;
    }
}
