package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import tillbridge.protocol.Bytes;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Sale;

/** ECR requests as frames, and the exchange a hand-driven ECR ({@link Wire}) expects back. */
final class EcrFrames {
    static final Duration WAIT = Duration.ofSeconds(30);

    private EcrFrames() {}

    static Bytes t1(String token) {
        return Messages.encode(token, new CommTest.Query()).frame();
    }

    static Bytes sale(String token, long gross) {
        return Messages.encode(token, new Sale.Start(Sale.SALE, "IT", "IT-" + token, gross, gross, 0, "PLN", 0, OptionalLong.empty())).frame();
    }

    /** Writes {@code request}, expects frob's ACK and then a packet of {@code type}, which it ACKs. */
    static Packet exchange(Wire ecr, Bytes request, String type) throws IOException, InterruptedException, ProtocolException {
        ecr.write(request);
        assertThat(ecr.next(WAIT)).isInstanceOf(FrameEvent.Ack.class);
        FrameEvent e = ecr.next(WAIT);
        assertThat(e).isInstanceOf(FrameEvent.Frame.class);
        Packet p = Packet.parse(((FrameEvent.Frame) e).body());
        assertThat(p.type()).isEqualTo(type);
        ecr.write(Bytes.of(0x06));
        return p;
    }

    /** The result code of an S2. */
    static int result(Packet s2) {
        return ((Sale.End) Messages.decode(s2)).result().orElseThrow();
    }
}
