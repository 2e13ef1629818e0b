package tillbridge.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Random;
import tillbridge.protocol.flow.Conversation;
import tillbridge.protocol.flow.Side;
import tillbridge.protocol.link.Link;
import tillbridge.protocol.link.LinkOutput;
import tillbridge.protocol.link.LinkPolicy;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;

/**
 * Peer bytes through every receiving layer; any exception is a finding. A plain {@code mvn verify}
 * runs only the seeds in {@code DecoderFuzzTestInputs/} (regression mode, well under a second);
 * {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration} (see docs/performance.md, "Fuzzing").
 */
class DecoderFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void peerBytesNeverMakeTheReceivingSideThrow(FuzzedDataProvider data) {
        // the chunking comes from the input too, so a finding replays with the same reads
        Random chunks = new Random(data.consumeLong());
        byte[] wire = data.consumeRemainingAsBytes();
        var decoder = new FrameDecoder(512);
        var link = new Link(LinkPolicy.DEFAULT, Tokens.forEft(), 0);
        var conversation = new Conversation();
        long[] now = {0};
        for (int at = 0; at < wire.length; ) {
            int n = Math.min(wire.length - at, chunks.nextInt(64));
            decoder.feed(wire, at, n, e -> {
                for (LinkOutput o : link.received(e, now[0])) if (o instanceof LinkOutput.Deliver d) handle(d.packet(), conversation);
            });
            at += n;
            link.tick(now[0] += 1_000_000_000L);
        }
        decoder.endOfInput().forEach(e -> link.received(e, now[0]));
    }

    private static void handle(Packet p, Conversation conversation) {
        Message m = Messages.decode(p);
        Messages.encode(p.token(), m);
        conversation.accept(Side.ECR, m);
    }
}
