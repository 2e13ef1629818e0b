package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;
import tillbridge.protocol.Bytes;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.link.LinkPolicy;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Sale;

/**
 * Every S2 an ECR gets answers the S1 it sent, in every way frob is wired: a cash register that
 * restarted and reuses a token, a second cash-register session on one long-lived frob, and an old
 * S1 replayed after the retransmission window all get a new request's answer, never the answer
 * frob cached for an earlier S1. The ECR is played by hand here, with fixed tokens, so that token
 * reuse happens every run; where terminal-sim is the terminal software, a payment id asked for
 * again is never charged again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnswersMatchRequestsTest {
    private static final String TOKEN = "2713";

    /** How the ECR reaches frob, and what sits behind it. */
    enum Layout { STDIO, TCPSERVER, LISTEN, SERIAL, SOCKETPAIR, FIFOS }

    @TempDir
    static Path dir;
    private final Map<Layout, Rig> rigs = new EnumMap<>(Layout.class);

    @BeforeAll
    void startEveryLayout() throws Exception {
        for (Layout l : Layout.values()) {
            Path d = Files.createDirectories(dir.resolve(l.name().toLowerCase()));
            rigs.put(l, Rig.start(l, d));
        }
    }

    @AfterAll
    void stopEveryLayout() throws Exception {
        for (Rig r : rigs.values()) r.close();
    }

    @Test
    void aRestartedEcrReusingATokenGetsTheAnswerToItsNewSale() throws Exception {
        for (Layout l : Layout.values()) {
            Rig rig = rigs.get(l);
            try (Conn first = rig.connect()) {
                assertThat(answer(l, first.wire(), sale("RESTART-1", 1200))).as(l + ": first sale").satisfies(s2 -> answers(s2, "RESTART-1", 0));
            }
            try (Conn restarted = rig.connect()) {
                Sale.End s2 = answer(l, restarted.wire(), sale("RESTART-2", 1251));
                assertThat(s2.paymentId()).as(l + ": the new sale's answer, not the cached one").isEqualTo("RESTART-2");
                if (rig.terminalSim()) assertThat(s2.result().orElseThrow()).as(l + ": terminal-sim declines .51").isEqualTo(51);
            }
        }
    }

    @Test
    void aSecondEcrSessionOnOneFrobGetsItsOwnAnswers() throws Exception {
        for (Layout l : Layout.values()) {
            Rig rig = rigs.get(l);
            try (Conn a = rig.connect()) {
                answers(answer(l, a.wire(), sale("SESSION-A", 1200)), "SESSION-A", 0);
            }
            try (Conn b = rig.connect()) {
                Sale.End s2 = answer(l, b.wire(), sale("SESSION-B", 9905));
                assertThat(s2.paymentId()).as(l.toString()).isEqualTo("SESSION-B");
                assertThat(s2.amount().orElse(0)).as(l + ": no approval of another sale's amount").isNotEqualTo(1200);
            }
        }
    }

    @Test
    void anOldS1ReplayedAfterTheWindowIsANewRequestAndIsNotChargedTwice() throws Exception {
        Map<Layout, Sale.End> firsts = new EnumMap<>(Layout.class);
        Map<Layout, Conn> conns = new EnumMap<>(Layout.class);
        try {
            for (Layout l : Layout.values()) {
                conns.put(l, rigs.get(l).connect());
                firsts.put(l, answer(l, conns.get(l).wire(), sale("REPLAY-1", 1500)));
            }
            Thread.sleep(LinkPolicy.DEFAULT.retransmissionWindow().plusMillis(500).toMillis()); // the window is the behaviour under test
            for (Layout l : Layout.values()) {
                Sale.End again = answer(l, conns.get(l).wire(), sale("REPLAY-1", 1500));
                assertThat(again.paymentId()).as(l.toString()).isEqualTo("REPLAY-1");
                if (rigs.get(l).terminalSim()) {
                    assertThat(again.authCode()).as(l + ": the recorded outcome").isEqualTo(firsts.get(l).authCode());
                    assertThat(rigs.get(l).log()).as(l + ": terminal-sim log").contains("REPLAY-1 was already run: answering its recorded outcome");
                } else {
                    assertThat(rigs.get(l).forwardedSales("REPLAY-1")).as(l + ": forwarded to the terminal software again").isEqualTo(2);
                }
            }
        } finally {
            for (Conn c : conns.values()) c.close();
        }
    }

    private static Bytes sale(String paymentId, long gross) {
        return Messages.encode(TOKEN, new Sale.Start(Sale.SALE, "KASA-IT", paymentId, gross, gross, 0, "PLN", 0, OptionalLong.empty())).frame();
    }

    private static void answers(Sale.End s2, String paymentId, int result) {
        assertThat(s2.paymentId()).isEqualTo(paymentId);
        assertThat(s2.ecrId()).isEqualTo("KASA-IT");
        assertThat(s2.result().orElseThrow()).isEqualTo(result);
    }

    /** Writes the S1, then acknowledges everything frob sends until the S2 with its token. */
    private Sale.End answer(Layout layout, Wire ecr, Bytes s1) throws Exception {
        try {
            return exchange(ecr, s1);
        } catch (AssertionError e) {
            Path d = rigs.get(layout).dir();
            throw new AssertionError(layout + ": " + e.getMessage() + "\n--- frob.log\n" + Programs.read(d.resolve("frob.log"))
                    + "\n--- terminal-sim.log\n" + Programs.read(d.resolve("terminal-sim.log")), e);
        }
    }

    private static Sale.End exchange(Wire ecr, Bytes s1) throws Exception {
        ecr.write(s1);
        assertThat(ecr.next(EcrFrames.WAIT)).isInstanceOf(FrameEvent.Ack.class);
        for (;;) {
            FrameEvent e = ecr.next(EcrFrames.WAIT);
            if (!(e instanceof FrameEvent.Frame f)) continue;
            ecr.write(Bytes.of(0x06));
            Packet p = Packet.parse(f.body());
            if (p.type().equals("S2") && p.token().equals(TOKEN)) return (Sale.End) Messages.decode(p);
        }
    }

    /** A cash-register connection; closing it closes a TCP connection, never a shared line. */
    record Conn(Wire wire, boolean owned) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (owned) wire.close();
        }
    }

    /**
     * One layout, started: frob and the terminal software behind it, and how the ECR reaches it.
     *
     * @param source a new TCP connection where frob runs per connection; else the one line
     * @param transcript where the python terminal software logs what frob sent it; null for terminal-sim
     */
    record Rig(Path dir, List<Process> processes, ConnectionSource source, Path transcript) implements AutoCloseable {
        interface ConnectionSource {
            Conn open() throws IOException;
        }

        Conn connect() throws IOException {
            return source.open();
        }

        boolean terminalSim() {
            return transcript == null;
        }

        String log() {
            return Programs.read(dir.resolve("terminal-sim.log"));
        }

        /** How many S1s with {@code paymentId} the python terminal software got on its payment channel. */
        long forwardedSales(String paymentId) {
            return Programs.read(transcript).lines()
                    .filter(l -> l.contains("\"channel\":\"payment\"") || l.startsWith("payment "))
                    .filter(l -> l.contains("\"type\":\"S1\"") && l.contains("\"" + paymentId + "\"")).count();
        }

        @Override
        public void close() throws Exception {
            for (Process p : processes.reversed()) Programs.stop(p);
        }

        static Rig start(Layout layout, Path dir) throws Exception {
            List<Process> ps = new ArrayList<>();
            Path sock = dir.resolve("payment.sock");
            List<String> frob = Programs.command("frob", "--payment", "unix:" + sock);
            try {
                return switch (layout) {
                    case STDIO -> {
                        terminalSim(dir, sock, ps);
                        yield line(dir, ps, Programs.start(dir.resolve("frob.log"), frob), null);
                    }
                    case TCPSERVER -> {
                        Venue v = Venue.start(dir, List.of("--listen", "unix:" + sock), List.of("--payment", "unix:" + sock));
                        ps.add(v.terminal());
                        ps.add(v.tcpserver());
                        yield tcp(dir, ps, v.port());
                    }
                    case LISTEN -> {
                        terminalSim(dir, sock, ps);
                        int port = LowPorts.free();
                        ps.add(Programs.start(dir.resolve("frob.log"), with(frob, "--listen", "127.0.0.1:" + port)));
                        Programs.awaitListening(port);
                        yield tcp(dir, ps, port);
                    }
                    case SERIAL -> {
                        terminalSim(dir, sock, ps);
                        Path ecrEnd = dir.resolve("ecr-tty"), frobEnd = dir.resolve("frob-tty");
                        ps.add(Programs.start(dir.resolve("socat.log"), List.of("socat", "pty,raw,echo=0,link=" + ecrEnd,
                                "pty,raw,echo=0,link=" + frobEnd)));
                        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(ecrEnd) && Files.exists(frobEnd));
                        ps.add(Programs.start(dir.resolve("frob.log"), with(frob, "--serial", frobEnd.toString())));
                        Wire tty = new Wire(new FileInputStream(ecrEnd.toFile()), new FileOutputStream(ecrEnd.toFile()));
                        yield new Rig(dir, ps, () -> new Conn(tty, false), null);
                    }
                    case SOCKETPAIR -> {
                        Path transcript = dir.resolve("transcript.jsonl");
                        yield line(dir, ps, Programs.start(dir.resolve("frob.log"), List.of("python3", Programs.script("socketpair_terminal.py"),
                                transcript.toString(), Programs.bin("frob").toString())), transcript);
                    }
                    case FIFOS -> {
                        Path payment = dir.resolve("payment"), storage = dir.resolve("storage"), device = dir.resolve("device");
                        Programs.mkfifo(payment, storage, device);
                        Path transcript = dir.resolve("terminal.txt");
                        ps.add(Programs.start(dir.resolve("terminal.log"), List.of("python3", Programs.script("fifo_terminal.py"),
                                payment.toString(), storage.toString(), device.toString(), transcript.toString(), dir.resolve("ready").toString())));
                        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("ready")));
                        yield line(dir, ps, Programs.start(dir.resolve("frob.log"), Programs.command("frob", "--payment", "path:" + payment,
                                "--storage", "path:" + storage, "--device", "path:" + device)), transcript);
                    }
                };
            } catch (Exception | AssertionError e) {
                for (Process p : ps.reversed()) Programs.stop(p);
                throw e;
            }
        }

        private static List<String> with(List<String> command, String... more) {
            List<String> c = new ArrayList<>(command);
            c.addAll(List.of(more));
            return c;
        }

        private static void terminalSim(Path dir, Path sock, List<Process> ps) throws IOException {
            ps.add(Programs.start(dir.resolve("terminal-sim.log"), Programs.command("terminal-sim", "--step-ms", "20", "--listen", "unix:" + sock)));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(sock));
        }

        /** The ECR on the stdin/stdout of {@code p}: one line, one ECR session after another on it. */
        private static Rig line(Path dir, List<Process> ps, Process p, Path transcript) {
            ps.add(p);
            Wire wire = new Wire(p.getInputStream(), p.getOutputStream());
            return new Rig(dir, ps, () -> new Conn(wire, false), transcript);
        }

        private static Rig tcp(Path dir, List<Process> ps, int port) {
            return new Rig(dir, ps, () -> {
                Socket s = new Socket("127.0.0.1", port);
                return new Conn(new Wire(s.getInputStream(), s.getOutputStream()), true);
            }, null);
        }
    }
}
