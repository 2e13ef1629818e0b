package tillbridge.protocol.message;

/** Communication test, spec §6: {@code T1 T2}. */
public sealed interface CommTest extends Message {
    /** T1. */
    record Query() implements CommTest {}

    /** T2: protocol version and who answers. */
    record Answer(String version, String vendor, String deviceType, String deviceId) implements CommTest {}
}
