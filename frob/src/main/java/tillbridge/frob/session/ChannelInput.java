package tillbridge.frob.session;

import java.util.Set;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.channel.ChannelReader;

/**
 * Sorts what the terminal software sends on a channel frob reads (payment when two-way, device):
 * printing requests, console requests and notices go to their routes here; the payment flow's
 * answers (S2, I1, A2), errors and everything frob cannot take go to {@link PaymentRoute}, which
 * answers them or refuses them with an error on the channel. Part of the session.
 */
final class ChannelInput {
    static final Set<String> PRINTING = Set.of("D1", "D2", "D3", "D6", "D7", "D9", "DA");
    static final Set<String> CONSOLE = Set.of("K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9");
    static final Set<String> NOTICES = Set.of("L1", "M1");

    private final String session;
    private final ChannelOut channels;
    private final PaymentRoute payments;
    private final PrintRoute printing;
    private final ConsoleRoute console;
    private final NoticeRoute notices;

    ChannelInput(String session, ChannelOut channels, PaymentRoute payments, PrintRoute printing, ConsoleRoute console, NoticeRoute notices) {
        this.session = session;
        this.channels = channels;
        this.payments = payments;
        this.printing = printing;
        this.console = console;
        this.notices = notices;
    }

    void received(ChannelName channel, ChannelReader.Inbound in) {
        if (!(in instanceof ChannelReader.Received r) || !taken(r.message().type())) {
            payments.fromChannel(channel, in);
            return;
        }
        ChannelMessage m = r.message();
        if (!m.session().equals(session)) {
            channels.refuse(channel, "session '" + m.session() + "' is not this session ('" + session + "')");
            return;
        }
        payments.heard();
        if (PRINTING.contains(m.type())) printing.request(channel, m);
        else if (CONSOLE.contains(m.type())) console.request(channel, m);
        else notices.fromChannel(channel, m);
    }

    void ended(ChannelName channel) {
        printing.channelEnded(channel);
        console.channelEnded(channel);
    }

    private static boolean taken(String type) {
        return PRINTING.contains(type) || CONSOLE.contains(type) || NOTICES.contains(type);
    }
}
