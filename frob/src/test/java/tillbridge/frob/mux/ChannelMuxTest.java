package tillbridge.frob.mux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tillbridge.common.channel.ChannelJson;
import tillbridge.frob.channel.Binding;
import tillbridge.frob.channel.ChannelFormat;
import tillbridge.frob.channel.ChannelReader;
import tillbridge.frob.channel.ChannelName;

class ChannelMuxTest {
    private final PipedOutputStream terminal = new PipedOutputStream();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final Map<ChannelName, Binding> channels;

    ChannelMuxTest() throws IOException {
        channels = ChannelMux.bind("test", new Binding("test", new PipedInputStream(terminal, 1 << 20), written, false, () -> {}));
    }

    @Test
    void linesGoToTheChannelTheyNameAndEverythingElseToPayment() throws Exception {
        send("{\"channel\":\"device\",\"session\":\"1-1\",\"type\":\"S2\",\"token\":\"2710\",\"fields\":{}}\n"
                + "{\"channel\":\"payment\",\"session\":\"1-1\",\"type\":\"I1\",\"fields\":{}}\n"
                + "not json\n{\"session\":\"1-1\",\"type\":\"S2\"}\n");
        terminal.close();
        assertThat(readAll(ChannelName.DEVICE)).isEqualTo("{\"channel\":\"device\",\"session\":\"1-1\",\"type\":\"S2\",\"token\":\"2710\",\"fields\":{}}\n");
        assertThat(readAll(ChannelName.PAYMENT)).isEqualTo("{\"channel\":\"payment\",\"session\":\"1-1\",\"type\":\"I1\",\"fields\":{}}\n"
                + "not json\n{\"session\":\"1-1\",\"type\":\"S2\"}\n");
    }

    @Test
    void aLineSplitAcrossReadsIsRoutedWhole() throws Exception {
        send("{\"channel\":\"dev");
        send("ice\",\"session\":\"1-1\",\"type\":\"I1\"}\n");
        terminal.close();
        assertThat(readAll(ChannelName.DEVICE)).endsWith("\"type\":\"I1\"}\n");
        assertThat(readAll(ChannelName.PAYMENT)).isEmpty();
    }

    @Test
    void anOverlongLineGoesToPaymentWhoseReaderRefusesItAsTooLong() throws Exception {
        String longLine = "{\"channel\":\"device\",\"x\":\"" + "a".repeat(4 * ChannelJson.MAX_LINE) + "\"}\n";
        CompletableFuture<String> payment = CompletableFuture.supplyAsync(() -> readAll(ChannelName.PAYMENT));
        send(longLine + "{\"channel\":\"device\",\"type\":\"I1\"}\n");
        terminal.close();
        ChannelReader reader = ChannelReader.of(ChannelFormat.JSON, ChannelName.PAYMENT, "1-1");
        List<ChannelReader.Inbound> read = new ArrayList<>(reader.feed(payment.get(10, TimeUnit.SECONDS).getBytes(UTF_8)));
        read.addAll(reader.endOfInput());
        assertThat(read).singleElement().isInstanceOfSatisfying(ChannelReader.Refused.class, r ->
                assertThat(r.reason()).isEqualTo("line longer than " + ChannelJson.MAX_LINE + " characters skipped"));
        assertThat(readAll(ChannelName.DEVICE)).isEqualTo("{\"channel\":\"device\",\"type\":\"I1\"}\n");
    }

    @Test
    void everyChannelWritesWholeLinesToTheOneConnection() throws Exception {
        assertThat(channels.keySet()).containsExactlyInAnyOrder(ChannelName.values());
        assertThat(channels.get(ChannelName.UI).readable()).isFalse();
        assertThat(channels.get(ChannelName.STORAGE).readable()).isFalse();
        channels.get(ChannelName.STORAGE).out().write("{\"channel\":\"storage\"}\n".getBytes(UTF_8));
        channels.get(ChannelName.UI).out().write("{\"channel\":\"ui\"}\n".getBytes(UTF_8));
        assertThat(written.toString(UTF_8)).isEqualTo("{\"channel\":\"storage\"}\n{\"channel\":\"ui\"}\n");
    }

    private void send(String text) throws IOException {
        terminal.write(text.getBytes(UTF_8));
        terminal.flush();
    }

    private String readAll(ChannelName name) {
        try (InputStream in = channels.get(name).in()) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
