package tillbridge.terminalsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tillbridge.common.io.Exit;

/** The program itself with --stdio, as a frob that binds fd:N to a pipe pair sees it. */
class MainTest {
    @Test
    void servesStdioUntilEndOfInput() throws IOException {
        Pipe toSim = Pipe.open();
        Pipe fromSim = Pipe.open();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"--stdio", "--step-ms", "20", "--tid", "T0009999"},
                Channels.newInputStream(toSim.source()), Channels.newOutputStream(fromSim.sink())));

        try (Peer frob = Peer.over(Channels.newInputStream(fromSim.source()), Channels.newOutputStream(toSim.sink()))) {
            frob.send(Peer.sale("s1", "2713", "PAR/1", 1000));
            assertThat(frob.answer("2713").fields()).containsEntry("result", "0").containsEntry("tid", "T0009999");
        } // end of input

        await().atMost(Peer.PATIENCE).until(exit::isDone);
        assertThat(exit.join()).isEqualTo(Exit.OK.code);
    }

    @Test
    void withoutListenOrStdioItIsAUsageError() {
        assertThat(Main.run(new String[] {}, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())).isEqualTo(Exit.USAGE.code);
        assertThat(Main.run(new String[] {"--listen", "udp:x"}, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())).isEqualTo(Exit.USAGE.code);
        assertThat(Main.run(new String[] {"--stdio", "--tid", ""}, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())).isEqualTo(Exit.USAGE.code);
    }

    @Test
    void aBusyPortIsOneLineWithTheAddressAndExit111() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String spec = "tcp:127.0.0.1:" + taken.getLocalPort();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream old = System.err;
            int exit;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                exit = Main.run(new String[] {"--listen", spec}, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream());
            } finally {
                System.setErr(old);
            }
            assertThat(exit).isEqualTo(Exit.SYSTEM.code);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot listen on " + spec + ": address already in use").doesNotContain("Exception");
        }
    }
}
