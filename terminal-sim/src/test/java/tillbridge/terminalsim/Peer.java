package tillbridge.terminalsim;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tillbridge.common.channel.ChannelJson;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.protocol.ProtocolException;

/** frob's side of a connection in tests: writes JSON lines, collects every line that comes back. */
final class Peer implements Closeable {
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final OutputStream out;
    private final Closeable resource;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<ChannelMessage> received = new CopyOnWriteArrayList<>();

    private Peer(InputStream in, OutputStream out, Closeable resource) {
        this.out = out;
        this.resource = resource;
        Thread.ofVirtual().name("peer-reader").start(() -> {
            try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                    received.add(ChannelJson.V1.read(l));
                }
            } catch (IOException | ProtocolException e) {
                // connection closed by the test, or a line the test will find missing
            }
        });
    }

    static Peer connect(Path socket) throws IOException {
        SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        return new Peer(Channels.newInputStream(c), Channels.newOutputStream(c), c);
    }

    static Peer over(InputStream in, OutputStream out) {
        return new Peer(in, out, out);
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void send(ChannelMessage m) throws IOException {
        send(ChannelJson.V1.write(m));
    }

    /** Waits for the first received message that matches. */
    ChannelMessage.Packet first(String what, Predicate<ChannelMessage.Packet> p) {
        return org.awaitility.Awaitility.await().alias(what).atMost(PATIENCE).until(() -> packets().stream().filter(p).findFirst(), o -> o.isPresent()).orElseThrow();
    }

    /** Waits for the answer (S2, A2) carrying {@code token}. */
    ChannelMessage.Packet answer(String token) {
        return first("answer to " + token, m -> token.equals(m.token()));
    }

    ChannelMessage.Packet status(String session, int code) {
        return first("I1 " + code + " of " + session, m -> m.type().equals("I1") && m.session().equals(session)
                && m.fields().get("status").equals(String.valueOf(code)));
    }

    List<ChannelMessage> received() {
        return List.copyOf(received);
    }

    List<ChannelMessage.Packet> packets() {
        return received.stream().flatMap(m -> m instanceof ChannelMessage.Packet p ? Stream.of(p) : Stream.empty()).toList();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The I1 status codes of {@code session} received so far, in order. */
    List<String> statuses(String session) {
        return packets().stream().filter(m -> m.type().equals("I1") && m.session().equals(session)).map(m -> m.fields().get("status")).toList();
    }

    @Override
    public void close() throws IOException {
        resource.close();
    }

    static ChannelMessage.Packet sale(String session, String token, String paymentId, long gross) {
        return s1(session, token, "S", paymentId, gross, 0);
    }

    static ChannelMessage.Packet statusQuery(String session, String token, String paymentId) {
        return s1(session, token, "C", paymentId, 0, 0);
    }

    static ChannelMessage.Packet s1(String session, String token, String kind, String paymentId, long gross, long cashback) {
        Map<String, String> f = new HashMap<>();
        f.put("kind", kind);
        f.put("ecr_id", "KASA-01");
        f.put("payment_id", paymentId);
        f.put("gross", Long.toString(gross));
        f.put("net", Long.toString(gross));
        f.put("vat", "0");
        f.put("currency", "PLN");
        f.put("cashback", Long.toString(cashback));
        return new ChannelMessage.Packet("payment", session, "S1", token, f);
    }

    static ChannelMessage.Packet packet(String session, String type, String token) {
        return new ChannelMessage.Packet("payment", session, type, token, Map.of());
    }

    static ChannelMessage closed(String session) {
        return new ChannelMessage.Closed("", session);
    }
}
