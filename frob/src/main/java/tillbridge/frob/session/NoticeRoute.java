package tillbridge.frob.session;

import static tillbridge.frob.channel.ChannelName.DEVICE;
import static tillbridge.frob.channel.ChannelName.PAYMENT;
import static tillbridge.frob.channel.ChannelName.STORAGE;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.frob.channel.ChannelName;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Notice;

/**
 * L1 (unavailable) and M1 (event), both ways (docs/channels.md). From the ECR: L1 is logged and
 * passed to the terminal software on payment and device; M1 is logged and stored. From the
 * terminal software: both go to the ECR, M1 also to storage, and an L1 makes frob answer new sales
 * itself with 994 until its period ends. Part of the session.
 */
final class NoticeRoute {
    private static final Logger log = LoggerFactory.getLogger(NoticeRoute.class);

    private final ChannelOut channels;
    private final ToEcr ecr;
    private final PaymentRoute payments;

    NoticeRoute(ChannelOut channels, ToEcr ecr, PaymentRoute payments) {
        this.channels = channels;
        this.ecr = ecr;
        this.payments = payments;
    }

    void fromEcr(Packet p, Notice n) {
        switch (n) {
            case Notice.Unavailable u -> {
                if (u.seconds() == 0) log.info("the ECR is available again{}", u.reason().isEmpty() ? "" : ": " + u.reason());
                else log.info("the ECR is unavailable for {} s{}", u.seconds(), u.reason().isEmpty() ? "" : ": " + u.reason());
                boolean told = channels.send(PAYMENT, p) | channels.send(DEVICE, p);
                if (!told) log.info("L1 not passed on: neither the payment nor the device channel can be written");
            }
            case Notice.Event e -> {
                log.info("event {} from the ECR: {}", e.event(), e.text());
                channels.send(STORAGE, p);
            }
        }
    }

    void fromChannel(ChannelName channel, ChannelMessage.Packet m) {
        Message n;
        String token = ecr.freshToken();
        try {
            n = ChannelOut.decode(new ChannelMessage.Packet(m.channel(), m.session(), m.type(), "", m.fields()), token);
        } catch (ProtocolException e) {
            channels.refuse(channel, e.getMessage());
            return;
        }
        switch (n) {
            case Notice.Unavailable u -> {
                payments.terminalUnavailable(u.seconds(), u.reason());
                ecr.send(token, u);
            }
            case Notice.Event e -> {
                log.info("event {} from the terminal software: {}", e.event(), e.text());
                channels.send(STORAGE, ecr.send(token, e));
            }
            default -> channels.refuse(channel, m.type() + " is not a notice");
        }
    }
}
