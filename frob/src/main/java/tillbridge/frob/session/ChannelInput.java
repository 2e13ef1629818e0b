package tillbridge.frob.session;

import tillbridge.common.channel.ChannelMessage;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.channel.ChannelReader;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.flow.Flow;
import tillbridge.protocol.flow.Side;

/**
 * Sorts what the terminal software sends on a channel frob reads (payment when two-way, device):
 * printing requests, console requests and notices go to their routes here; the payment flow's
 * answers (S2, I1, A2), errors and everything frob cannot take go to {@link PaymentRoute}, which
 * answers them or refuses them with an error on the channel. Part of the session.
 */
final class ChannelInput {
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
        Flow flow = in instanceof ChannelReader.Received(ChannelMessage.Packet p) ? relayed(p.type()) : null;
        if (flow == null) {
            payments.fromChannel(channel, in);
            return;
        }
        ChannelMessage.Packet m = (ChannelMessage.Packet) ((ChannelReader.Received) in).message();
        if (!m.session().equals(session)) {
            channels.refuse(channel, "session '" + m.session() + "' is not this session ('" + session + "')");
            return;
        }
        payments.heard();
        if (flow == Flow.PRINTING) printing.request(channel, m);
        else if (flow == Flow.CONSOLE) console.request(channel, m);
        else notices.fromChannel(channel, m);
    }

    void ended(ChannelName channel) {
        printing.channelEnded(channel);
        console.channelEnded(channel);
    }

    /** The flow of a request or notice of the terminal software that has a route of its own here, else null (for PaymentRoute). */
    private static Flow relayed(String type) {
        PacketType t = PacketType.find(type);
        if (t == null || !t.sentBy(Side.EFT)) return null;
        return switch (t.flow()) {
            case PRINTING, CONSOLE, NONE -> t.flow();
            case PING, VERSIONS, PARAMETERS, KEYS, SALE, STATUS_QUERY, APP_START -> null;
        };
    }
}
