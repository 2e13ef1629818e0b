package tillbridge.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.protocol.Bytes;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;

/**
 * Channel format v2 on real processes: frob on pipes with the test as the cash register, and the
 * test as the terminal software on frob's device channel (a UNIX socket frob connects to). Text is
 * UTF-8 on the channel and windows-1250 bytes on the ECR's wire, both ways.
 */
class UnicodeChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Charset CP1250 = Charset.forName("windows-1250");

    @TempDir
    Path dir;

    @Test
    void polishTextIsUtf8OnTheChannelAndWindows1250OnTheEcrsWire() throws Exception {
        Path socket = dir.resolve("device.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<SocketChannel> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Process frob = Programs.start(dir.resolve("frob.log"), Programs.command("frob", "--device", "unix:" + socket));
            try (Wire ecr = new Wire(frob.getInputStream(), frob.getOutputStream());
                 SocketChannel terminal = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                BlockingQueue<String> lines = lines(terminal);
                OutputStream toFrob = Channels.newOutputStream(terminal);
                String hello = next(lines);
                assertThat(hello).startsWith("{\"channel\":\"device\",").contains("\"type\":\"hello\",\"fields\":{\"version\":2,\"wire_charset\":\"windows-1250\"}");
                String session = hello.replaceAll(".*\"session\":\"([^\"]*)\".*", "$1");

                // terminal software -> ECR: a receipt line in UTF-8 JSON reaches the printer as windows-1250
                send(toFrob, session, "D2", "1", "\"title\":\"RECEIPT\"");
                send(toFrob, session, "D6", "2", "\"attributes\":\"\",\"lines\":[\"Zapłać kartą\",\"Dziękujemy\"]");
                send(toFrob, session, "D3", "3", "\"cut\":1");
                answer(ecr, receive(ecr, "D2"), "D0", "0");
                assertThat(next(lines)).contains("\"type\":\"D0\"", "\"token\":\"1\"", "\"result\":0");
                Packet d6 = receive(ecr, "D6");
                assertThat(d6.frame().toArray()).containsSequence("Zapłać kartą".getBytes(CP1250)).containsSequence("Dziękujemy".getBytes(CP1250));
                answer(ecr, d6, "D0", "0");
                next(lines);
                answer(ecr, receive(ecr, "D3"), "D0", "0");
                next(lines);

                // ECR -> terminal software: what the operator typed, windows-1250 on the wire, UTF-8 on the channel
                send(toFrob, session, "K1", "4", "");
                send(toFrob, session, "K7", "5", "\"prompt\":\"Imię klienta\",\"min_length\":1,\"max_length\":20,\"masked\":false");
                answer(ecr, receive(ecr, "K1"), "K0", "0");
                next(lines);
                Packet k7 = receive(ecr, "K7");
                assertThat(k7.frame().toArray()).containsSequence("Imię klienta".getBytes(CP1250));
                answer(ecr, k7, "K0", "0", new String("Żółć".getBytes(CP1250), ISO_8859_1));
                assertThat(next(lines)).contains("\"type\":\"K0\"", "\"token\":\"5\"", "\"output\":\"Żółć\"");
            } finally {
                Programs.stop(frob);
            }
        }
    }

    private static BlockingQueue<String> lines(SocketChannel terminal) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (var r = new BufferedReader(new InputStreamReader(Channels.newInputStream(terminal), UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (IOException closed) {
                // the test is over; next() times out
            }
        });
        return lines;
    }

    private static String next(BlockingQueue<String> lines) throws InterruptedException {
        String l = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (l == null) throw new AssertionError("no line from frob within " + WAIT);
        return l;
    }

    private static void send(OutputStream toFrob, String session, String type, String token, String fields) throws IOException {
        String line = "{\"channel\":\"device\",\"session\":\"" + session + "\",\"type\":\"" + type + "\",\"token\":\"" + token
                + "\",\"fields\":{" + fields + "}}\n";
        toFrob.write(line.getBytes(UTF_8));
        toFrob.flush();
    }

    /** The next frame frob sends the ECR, which must be a {@code type}; ACKed. */
    private static Packet receive(Wire ecr, String type) throws Exception {
        FrameEvent e = ecr.next(WAIT);
        assertThat(e).isInstanceOf(FrameEvent.Frame.class);
        Packet p = Packet.parse(((FrameEvent.Frame) e).body());
        assertThat(p.type()).isEqualTo(type);
        ecr.write(Bytes.of(0x06));
        return p;
    }

    /** The ECR's answer to {@code request}, with its token; frob must ACK it. */
    private static void answer(Wire ecr, Packet request, String type, String... fields) throws Exception {
        ecr.write(Packet.of(request.token(), type, fields).frame());
        assertThat(ecr.next(WAIT)).isInstanceOf(FrameEvent.Ack.class);
    }
}
