package tillbridge.frob.channel;

/** How packets travel on the channels (docs/channels.md). */
public enum ChannelFormat {
    /** One JSON object per line (the default). */
    JSON,
    /** Raw ECR-EFT frames, no ACK/NAK, no session tag; {@code error} and {@code closed} are not sent. */
    FRAME;

    public static ChannelFormat of(String name) {
        for (ChannelFormat f : values()) if (f.name().equalsIgnoreCase(name)) return f;
        throw new IllegalArgumentException("channel format must be json or frame, was '" + name + "'");
    }
}
