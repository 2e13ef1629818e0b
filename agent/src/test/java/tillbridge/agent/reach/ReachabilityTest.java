package tillbridge.agent.reach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.internal.Time;
import tillbridge.common.testing.LowPorts;

class ReachabilityTest {
    private final List<Map<String, String>> said = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private final AtomicBoolean terminalUp = new AtomicBoolean();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger tries = new AtomicInteger();
    private final Reachability.Target terminal = new Reachability.Target("terminal T1 unreachable", () -> {
        tries.incrementAndGet();
        if (!terminalUp.get()) throw new IOException("127.0.0.1:5002: connection refused");
    });

    /** A virtual clock: each sleep returns at once; {@code world} changes things before round n+1 (n from 1); stops after {@code rounds}. */
    private Time time(int rounds, java.util.function.IntConsumer world) {
        return new Time() {
            private Instant now = Instant.parse("2026-12-03T12:00:00Z");

            @Override
            public Instant now() {
                return now;
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                now = now.plus(d);
                sleeps.add(d);
                if (sleeps.size() == rounds) throw new InterruptedException();
                world.accept(sleeps.size());
            }
        };
    }

    @Test
    void theFirstRoundSaysWhatIsUnreachableAndLaterOnesOnlyWhatChanged() {
        // down, down, up, up, down
        new Reachability(List.of(terminal), busy::get, time(5, n -> terminalUp.set(n == 2 || n == 3)), said::add).run();
        assertThat(said).containsExactly(Map.of("terminal T1 unreachable", "127.0.0.1:5002: connection refused"), Map.of(),
                Map.of("terminal T1 unreachable", "127.0.0.1:5002: connection refused"));
        assertThat(sleeps).hasSize(5).containsOnly(Reachability.PERIOD);
        assertThat(tries).hasValue(5);
    }

    @Test
    void everythingReachableIsSaidOnceAtTheStart() {
        terminalUp.set(true);
        new Reachability(List.of(terminal), busy::get, time(3, n -> { }), said::add).run();
        assertThat(said).containsExactly(Map.of());
    }

    @Test
    void nothingIsTriedWhileAJobIsUnderWay() {
        busy.set(true);
        new Reachability(List.of(terminal), busy::get, time(4, n -> busy.set(n < 2)), said::add).run();
        assertThat(tries).as("rounds 3 and 4 only").hasValue(2);
        assertThat(said).hasSize(1);
    }

    @Test
    void theConfiguredTerminalAndPrintersAreTriedByTcpAndTheDeviceByItsFile() throws Exception {
        try (ServerSocket frob = new ServerSocket(LowPorts.free(), 1, InetAddress.getLoopbackAddress())) {
            int closed = LowPorts.free();
            AgentConfig c = AgentConfig.parse(Path.of("agent.json"), """
                    {"hub": "http://127.0.0.1:8443",
                     "terminals": [{"name": "T1", "frob": "127.0.0.1:%d", "ecr_id": "KASA-01"}],
                     "printers": [{"name": "bar", "uri": "socket://127.0.0.1:%d"}, {"name": "usb", "uri": "file:/dev/no-such-printer"}]}
                    """.formatted(frob.getLocalPort(), closed));
            new Reachability(Reachability.of(c), busy::get, time(1, n -> { }), said::add).run();
        }
        assertThat(said).hasSize(1);
        assertThat(said.getFirst().keySet()).containsExactly("printer bar offline", "printer usb offline");
        assertThat(said.getFirst().get("printer bar offline")).startsWith("127.0.0.1:").contains("connection refused");
        assertThat(said.getFirst().get("printer usb offline")).isEqualTo("/dev/no-such-printer is not there (unplugged or off?)");
    }
}
