package tillbridge.bench.chaos;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tillbridge.bench.chaos.FaultyNetwork.Direction;
import tillbridge.common.testing.LowPorts;

class FaultyNetworkTest {
    /** a guard against a hang when bytes that should come never do */
    private static final int PATIENCE_MS = 30_000;
    /**
     * How long a silent receiver listens before nothing is taken as having arrived; a byte, FIN or reset
     * arriving in that time fails the test, so a slow machine can only make it pass more easily, never fail.
     */
    private static final int QUIET_MS = 1_000;

    @ParameterizedTest
    @EnumSource(Direction.class)
    void aHalfOpenConnectionSwallowsOneDirectionAndItsEndWhileTheOtherKeepsFlowing(Direction silent) throws IOException {
        try (ServerSocket hubServer = LowPorts.loopback(5); FaultyNetwork link = new FaultyNetwork(hubServer.getLocalPort());
                Socket agent = connect(link); Socket hub = hubServer.accept()) {
            Socket sender = silent == Direction.TO_HUB ? agent : hub;
            Socket receiver = sender == agent ? hub : agent;
            roundTrip(agent, hub);

            assertThat(link.halfOpen(silent)).isEqualTo(1);
            send(sender, "lost");
            send(receiver, "still");
            assertThat(receive(sender, 5)).isEqualTo("still");
            sender.shutdownOutput();

            receiver.setSoTimeout(QUIET_MS);
            // neither the bytes nor the FIN nor a reset: the read waits
            assertThatThrownBy(() -> receiver.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void aConnectionMadeAfterAHalfOpenIsWhole(Direction silent) throws IOException {
        try (ServerSocket hubServer = LowPorts.loopback(5); FaultyNetwork link = new FaultyNetwork(hubServer.getLocalPort());
                Socket agent = connect(link); Socket hub = hubServer.accept()) {
            link.halfOpen(silent);
            try (Socket agent2 = connect(link); Socket hub2 = hubServer.accept()) {
                roundTrip(agent2, hub2);
            }
        }
    }

    private static Socket connect(FaultyNetwork link) throws IOException {
        URI url = URI.create(link.url());
        Socket s = new Socket(url.getHost(), url.getPort());
        s.setSoTimeout(PATIENCE_MS);
        return s;
    }

    private static void roundTrip(Socket agent, Socket hub) throws IOException {
        hub.setSoTimeout(PATIENCE_MS);
        send(agent, "up");
        assertThat(receive(hub, 2)).isEqualTo("up");
        send(hub, "down");
        assertThat(receive(agent, 4)).isEqualTo("down");
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(US_ASCII));
        s.getOutputStream().flush();
    }

    private static String receive(Socket s, int length) throws IOException {
        return new String(s.getInputStream().readNBytes(length), US_ASCII);
    }
}
