package tillbridge.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import tillbridge.common.testing.LowPorts;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.Packet;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.link.Link;
import tillbridge.protocol.link.LinkOutput;
import tillbridge.protocol.link.LinkPolicy;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Sale;

/**
 * A terminal on a loopback TCP port that records every S1 and answers each with an S2 of
 * {@code result} (sales and status queries alike).
 */
final class FakeTerminal implements AutoCloseable {
    private final ServerSocket server;
    private final List<Packet> s1 = new CopyOnWriteArrayList<>();
    private final List<String> k0 = new CopyOnWriteArrayList<>();
    private volatile int result;
    private final String question;
    /** A half-open line: every S1 is acknowledged (link level) and recorded, none answered. */
    private volatile boolean mute;

    FakeTerminal(int result) throws IOException {
        this(result, null);
    }

    /**
     * With a {@code question}, each sale first borrows the ECR's console: K1, K4 {@code question},
     * K2, then S2 approved when the K0 said yes (output 1), else declined 5.
     */
    FakeTerminal(int result, String question) throws IOException {
        this(result, question, LowPorts.loopback(50));
    }

    /** A terminal that comes up on {@code port} (one that refused connections until now). */
    static FakeTerminal on(int port, int result) throws IOException {
        return new FakeTerminal(result, null, new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress()));
    }

    private FakeTerminal(int result, String question, ServerSocket server) {
        this.result = result;
        this.question = question;
        this.server = server;
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on every S1 is answered with {@code code}. */
    void answer(int code) {
        result = code;
    }

    /**
     * While muted: the first sale S1 is held, and answered late (approved, naming the payment, with
     * its amount) just before the {@code n}-th status query, which stays unanswered.
     */
    void answerHeldSaleAtQuery(int n) {
        lateAtQuery = n;
    }

    void mute(boolean on) {
        mute = on;
    }

    /** The K0 answers seen, as "result/output". */
    List<String> k0() {
        return List.copyOf(k0);
    }

    /** S1 frames of one kind ({@code S} sale, {@code C} status query). */
    long s1(String kind) {
        return s1.stream().filter(p -> p.fields().getFirst().equals(kind)).count();
    }

    private void accept() {
        try {
            while (true) {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            }
        } catch (IOException closed) {
            // done
        }
    }

    private void serve(Socket s) {
        Link link = new Link(LinkPolicy.DEFAULT.withKeepAlive(Duration.ZERO), Tokens.forEft(), System.nanoTime());
        FrameDecoder decoder = new FrameDecoder();
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) >= 0; ) {
                List<LinkOutput> outs = new ArrayList<>();
                decoder.feed(buf, 0, n, e -> outs.addAll(link.received(e, System.nanoTime())));
                for (LinkOutput o : outs) {
                    if (o instanceof LinkOutput.Write w) out.write(w.wire().toArray());
                    if (!(o instanceof LinkOutput.Deliver d)) continue;
                    Packet p = d.packet();
                    if (p.type().equals("S1")) {
                        s1.add(p);
                        if (mute) {
                            Sale.Start asked = (Sale.Start) Messages.decode(p);
                            if (!asked.isStatusQuery() && held == null) held = p;
                            if (asked.isStatusQuery() && held != null && ++queries == lateAtQuery) send(link, out, held.token(), late((Sale.Start) Messages.decode(held)));
                            continue;
                        }
                        if (question != null && p.fields().getFirst().equals("S")) {
                            saleToken = p.token();
                            step = 1;
                            send(link, out, link.nextToken(), new Console.Claim());
                        } else {
                            send(link, out, p.token(), end(result));
                        }
                    } else if (p.type().equals("K0")) {
                        Console.Result r = (Console.Result) Messages.decode(p);
                        k0.add(r.result() + "/" + r.output());
                        switch (step) {
                            case 1 -> send(link, out, link.nextToken(), new Console.Question(question));
                            case 2 -> {
                                yes = r.result() == 0 && r.output().equals("1");
                                send(link, out, link.nextToken(), new Console.Interrupt(""));
                            }
                            case 3 -> send(link, out, saleToken, end(yes ? 0 : 5));
                            default -> { }
                        }
                        step++;
                    }
                }
                out.flush();
            }
        } catch (IOException e) {
            // the agent went away
        }
    }

    private String saleToken;
    private volatile int lateAtQuery;
    private Packet held;
    private int queries;
    private int step;
    private boolean yes;

    private static Sale.End end(int result) {
        return new Sale.End(OptionalInt.of(result), "", "M1", "T1", "TX1", OptionalLong.empty(),
                OptionalLong.of(0), "VISA", result == 0 ? "approved" : "declined", "411111******1111", result == 0 ? "ABC123" : "");
    }

    private static Sale.End late(Sale.Start s1) {
        return new Sale.End(OptionalInt.of(0), "", "M1", "T1", "TX-LATE", OptionalLong.of(s1.gross()), OptionalLong.of(0), "VISA", "approved",
                "411111******1111", "LATE01").answering(s1);
    }

    private static void send(Link link, OutputStream out, String token, tillbridge.protocol.message.Message m) throws IOException {
        for (LinkOutput w : link.send(Messages.encode(token, m), System.nanoTime())) {
            if (w instanceof LinkOutput.Write ww) out.write(ww.wire().toArray());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
