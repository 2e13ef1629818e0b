package tillbridge.frob.channel;

import java.util.Locale;

/**
 * The four channels of docs/channels.md. Every channel is written (device only for error replies,
 * when its binding allows); payment and device are also read.
 */
public enum ChannelName {
    /** Out: S1, P1, A1. In, when the binding is two-way: S2, I1, A2. */
    PAYMENT(true, false),
    /** In: answers for an out-only payment channel (and the terminal software's printing and console requests). */
    DEVICE(true, true),
    /** Out: operator answers to console requests. */
    UI(false, false),
    /** Out: every S1 forwarded and every S2 sent to the ECR. */
    STORAGE(false, false);

    private final boolean reads;
    private final boolean inbound;

    ChannelName(boolean reads, boolean inbound) {
        this.reads = reads;
        this.inbound = inbound;
    }

    /** frob reads this channel when its binding can be read. */
    public boolean reads() {
        return reads;
    }

    /** The channel's main direction is into frob: a one-way binding (a FIFO) is opened for reading. */
    public boolean inbound() {
        return inbound;
    }

    /** The name used in options, config files and channel messages. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChannelName of(String wire) {
        for (ChannelName n : values()) if (n.wire().equals(wire)) return n;
        throw new IllegalArgumentException("no channel '" + wire + "'; channels are payment, device, ui, storage");
    }
}
