package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.channel.ChannelJson;
import tillbridge.common.channel.ChannelMessage;

/**
 * A monolithic terminal application on one descriptor ({@code --channels fd:N}): a Python program
 * makes a socketpair, passes one end to frob, and answers the sale on the other; the ECR CLI pays
 * through it ({@code ecr --exec}).
 */
class SocketpairChannelsTest {
    @TempDir
    Path dir;

    @Test
    void allFourChannelsShareOneDescriptorAndAPaymentCompletes() throws Exception {
        Path transcript = dir.resolve("transcript.jsonl");
        String terminal = "python3 " + Programs.script("socketpair_terminal.py") + " " + transcript + " " + Programs.bin("frob");
        Run r = Run.of(dir, 90, List.of(Programs.bin("ecr").toString(), "--exec", terminal, "pay", "12.00", "PLN", "--ref", "SOCKETPAIR"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("outcome APPROVED").contains("auth_code SP0001");
        assertThat(r.err()).containsPattern("all channels bound to fd:\\d+");
        List<ChannelMessage> all = Programs.read(transcript).lines().map(SocketpairChannelsTest::parse).toList();
        List<ChannelMessage.Packet> seen = all.stream().flatMap(m -> m instanceof ChannelMessage.Packet p ? Stream.of(p) : Stream.empty()).toList();
        // out on the one descriptor, each tagged: the sale to payment, the S1 and S2 pair to storage
        assertThat(seen).anyMatch(m -> m.channel().equals("payment") && m.type().equals("S1") && m.fields().get("payment_id").equals("SOCKETPAIR"));
        assertThat(seen).anyMatch(m -> m.channel().equals("storage") && m.type().equals("S1"));
        assertThat(seen).anyMatch(m -> m.channel().equals("storage") && m.type().equals("S2") && m.fields().get("result").equals("0"));
        assertThat(all).allMatch(m -> List.of("payment", "device", "ui", "storage").contains(m.channel()));
    }

    @Test
    void frameFormatIsRefusedBecauseAFrameCannotCarryTheChannelTag() throws Exception {
        Run r = Run.of(dir, 60, Programs.command("frob", "--channels", "fd:5", "--channel-format", "frame"));
        assertThat(r.exit()).as(r.toString()).isEqualTo(100);
        assertThat(r.err()).contains("--channels needs --channel-format json");
    }

    private static ChannelMessage parse(String line) {
        try {
            return ChannelJson.V2.read(line);
        } catch (Exception e) {
            throw new AssertionError("not a channel message: " + line, e);
        }
    }
}
