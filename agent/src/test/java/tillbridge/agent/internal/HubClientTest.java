package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tillbridge.agent.internal.HubClient.HubException;
import tillbridge.common.testing.LowPorts;

class HubClientTest {
    @Test
    @Timeout(10) // without the bound, openStream waits for ever
    void aHubThatAcceptsTheStreamButNeverAnswersIsGivenUpOn() throws Exception {
        try (ServerSocket silent = LowPorts.loopback(5)) {
            Thread.ofVirtual().start(() -> {
                try (Socket held = silent.accept()) {
                    held.getInputStream().readAllBytes(); // reads the request, never answers
                } catch (java.io.IOException ignored) {
                    // the client gave up: what the test wants
                }
            });
            HubClient client = new HubClient(URI.create("http://127.0.0.1:" + silent.getLocalPort()), "t",
                    HubClient.http(Optional.empty()), Duration.ofMillis(500));
            assertThatThrownBy(() -> client.openStream(30, -1))
                    .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isZero())
                    .hasMessage("stream: no answer within 500 ms");
        }
    }

    @Test
    void aHubThatIsNotListeningIsReportedAsRefused() throws Exception {
        HubClient client = new HubClient(URI.create("http://127.0.0.1:" + LowPorts.free()), "t", HubClient.http(Optional.empty()));
        assertThatThrownBy(() -> client.openStream(30, -1)).isInstanceOf(HubException.class).hasMessageStartingWith("stream: connection refused");
    }
}
