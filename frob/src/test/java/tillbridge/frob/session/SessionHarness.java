package tillbridge.frob.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tillbridge.common.io.Exit;
import tillbridge.frob.channel.Binding;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.config.FrobConfig;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Wire;

/**
 * A frob session on in-memory streams, so daemon tests need no sockets: a fake ECR that
 * acknowledges every frame frob sends, and optionally an in-memory two-way payment channel and a storage channel, all in JSON
 * lines. The real session loop runs on its own thread with the real clock.
 */
final class SessionHarness implements AutoCloseable {
    static final String SESSION = "t-1";
    private static final long WAIT_MILLIS = 5_000;

    private final BytePipe ecrToFrob = new BytePipe();
    private final BytePipe frobToEcr = new BytePipe();
    private final BytePipe paymentToFrob = new BytePipe();
    private final BlockingQueue<Packet> ecrFrames = new LinkedBlockingQueue<>();
    /** What the ECR saw, in order: "ACK", "NAK" or the frame's type. */
    private final List<String> ecrWire = Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<String> paymentLines = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> storageLines = new LinkedBlockingQueue<>();
    private final BytePipe deviceToFrob = new BytePipe();
    private final BlockingQueue<String> deviceLines = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> uiLines = new LinkedBlockingQueue<>();
    private final CompletableFuture<Exit> exit = new CompletableFuture<>();

    private enum Payment { UNBOUND, CONNECTED, UNWRITABLE }

    private SessionHarness(FrobConfig config, Payment payment) {
        this(config, payment, false);
    }

    private SessionHarness(FrobConfig config, Payment payment, boolean device) {
        Map<ChannelName, Binding> bindings = new EnumMap<>(ChannelName.class);
        if (device) {
            BytePipe frobToDevice = new BytePipe();
            bindings.put(ChannelName.DEVICE, new Binding("mem:device", deviceToFrob.in, frobToDevice.out, false, () -> {}));
            readLines(frobToDevice.in, deviceLines);
            BytePipe frobToUi = new BytePipe();
            bindings.put(ChannelName.UI, new Binding("mem:ui", null, frobToUi.out, false, () -> {}));
            readLines(frobToUi.in, uiLines);
        }
        if (payment == Payment.CONNECTED) {
            BytePipe frobToPayment = new BytePipe();
            bindings.put(ChannelName.PAYMENT, new Binding("mem:payment", paymentToFrob.in, frobToPayment.out, false, () -> {}));
            readLines(frobToPayment.in, paymentLines);
        } else if (payment == Payment.UNWRITABLE) {
            OutputStream broken = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("Broken pipe");
                }
            };
            bindings.put(ChannelName.PAYMENT, new Binding("mem:payment", paymentToFrob.in, broken, false, () -> {}));
        }
        BytePipe frobToStorage = new BytePipe();
        bindings.put(ChannelName.STORAGE, new Binding("mem:storage", null, frobToStorage.out, false, () -> {}));
        readLines(frobToStorage.in, storageLines);
        Session session = new Session(SESSION, config, ecrToFrob.in, frobToEcr.out, bindings, System::nanoTime);
        Thread.ofPlatform().name("session").start(() -> exit.complete(session.run()));
        Thread.ofPlatform().daemon().name("fake-ecr").start(this::actAsEcr);
    }

    /** A session whose payment channel is an in-memory two-way connection. */
    static SessionHarness withPayment(FrobConfig config) {
        return new SessionHarness(config, Payment.CONNECTED);
    }

    /**
     * A session with an in-memory two-way payment channel, a two-way device channel (a socket the
     * terminal software connected) and a ui channel, as the terminal software's printing and console
     * requests use them.
     */
    static SessionHarness withDevice(FrobConfig config) {
        return new SessionHarness(config, Payment.CONNECTED, true);
    }

    /** A session with no payment channel bound. */
    static SessionHarness withoutPayment(FrobConfig config) {
        return new SessionHarness(config, Payment.UNBOUND);
    }

    /** A session whose payment channel fails every write (the terminal software went away). */
    static SessionHarness withUnwritablePayment(FrobConfig config) {
        return new SessionHarness(config, Payment.UNWRITABLE);
    }

    void ecrSends(Packet p) {
        write(ecrToFrob, p.frame().toArray());
    }

    void ecrCloses() {
        ecrToFrob.out.close();
    }

    /** The next frame frob sent to the ECR (already acknowledged). */
    Packet ecrReceives() {
        return take(ecrFrames, "a frame for the ECR");
    }

    List<String> ecrWire() {
        synchronized (ecrWire) {
            return List.copyOf(ecrWire);
        }
    }

    /** Sends T1 and waits for its T2: everything the ECR sent before has then been handled. */
    void sync() {
        ecrSends(Packet.of("FFF", "T1"));
        assertThat(ecrReceives().type()).as("T2 answering the sync ping").isEqualTo("T2");
    }

    void paymentSends(String jsonLine) {
        write(paymentToFrob, (jsonLine + "\n").getBytes(UTF_8));
    }

    void paymentCloses() {
        paymentToFrob.out.close();
    }

    String paymentReceives() {
        return take(paymentLines, "a line on the payment channel");
    }

    /** Lines on the payment channel not yet taken. */
    List<String> paymentPending() {
        return List.copyOf(paymentLines);
    }

    void deviceSends(String jsonLine) {
        write(deviceToFrob, (jsonLine + "\n").getBytes(UTF_8));
    }

    void deviceCloses() {
        deviceToFrob.out.close();
    }

    String deviceReceives() {
        return take(deviceLines, "a line on the device channel");
    }

    /** Lines on the device channel not yet taken. */
    List<String> devicePending() {
        return List.copyOf(deviceLines);
    }

    String uiReceives() {
        return take(uiLines, "a line on the ui channel");
    }

    String storageReceives() {
        return take(storageLines, "a line on the storage channel");
    }

    Exit exit() {
        return exit.orTimeout(WAIT_MILLIS, TimeUnit.MILLISECONDS).join();
    }

    @Override
    public void close() {
        ecrCloses();
        paymentCloses();
        deviceCloses();
        exit();
    }

    private void actAsEcr() {
        FrameDecoder decoder = new FrameDecoder();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = frobToEcr.in.read(buf)) >= 0; ) decoder.feed(buf, 0, n, this::onEcrEvent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void onEcrEvent(FrameEvent e) {
        switch (e) {
            case FrameEvent.Frame f -> {
                try {
                    Packet p = Packet.parse(f.body());
                    write(ecrToFrob, new byte[] {Wire.ACK});
                    ecrWire.add(p.type());
                    ecrFrames.add(p);
                } catch (ProtocolException ex) {
                    ecrWire.add("malformed: " + ex.getMessage());
                }
            }
            case FrameEvent.Ack _ -> ecrWire.add("ACK");
            case FrameEvent.Nak _ -> ecrWire.add("NAK");
            default -> ecrWire.add(e.toString());
        }
    }

    private static void readLines(InputStream in, BlockingQueue<String> lines) {
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, UTF_8))) {
                String hello = r.readLine();
                if (hello == null) return;
                // every channel starts with the announcement of format version 2
                if (!hello.matches("\\{\"channel\":\"\\w+\",\"session\":\"" + SESSION + "\",\"type\":\"hello\",\"fields\":\\{\"version\":2,.*"))
                    lines.add("not a hello first: " + hello);
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void write(BytePipe pipe, byte[] bytes) {
        try {
            pipe.out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T take(BlockingQueue<T> queue, String what) {
        try {
            T t = queue.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            assertThat(t).as("waited %d ms for %s", WAIT_MILLIS, what).isNotNull();
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

}
