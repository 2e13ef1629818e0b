package tillbridge.frob.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tillbridge.frob.config.FrobConfig;
import tillbridge.frob.session.Session;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.Wire;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Sale;

/** A session's sale takes the shared lock; a sale while another session holds it is answered 993 at once. */
class SessionLockTest {
    private final InProcessLock lock = new InProcessLock();
    private final PipedOutputStream ecrWrites = new PipedOutputStream();
    private final BlockingQueue<Packet> fromFrob = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        ecrWrites.close();
    }

    @Test
    void saleWhileAnotherSessionHoldsTheLockIsAnsweredBusyWithItsToken() throws Exception {
        lock.tryAcquire("other-1");
        start();
        sale("2A13");
        Packet s2 = next();
        assertThat(s2.token()).isEqualTo("2A13");
        assertThat(((Sale.End) Messages.decode(s2)).result()).hasValue(Sale.End.BUSY);
        assertThat(lock.holder()).isEqualTo("other-1");
    }

    @Test
    void saleTakesTheLockAndGivesItBackWithItsS2() throws Exception {
        start();
        sale("2A15"); // no payment channel: S2 994, and the lock is free again
        assertThat(((Sale.End) Messages.decode(next())).result()).hasValue(Sale.End.UNAVAILABLE);
        await().atMost(Duration.ofSeconds(5)).until(() -> lock.holder() == null); // released right after the S2 is written
    }

    private void start() throws IOException {
        PipedInputStream ecrIn = new PipedInputStream(ecrWrites, 65536);
        PipedOutputStream frobWrites = new PipedOutputStream();
        PipedInputStream frobOut = new PipedInputStream(frobWrites, 65536);
        Session session = new Session("me-1", FrobConfig.DEFAULTS, ecrIn, frobWrites, Map.of(), System::nanoTime, lock);
        threads.add(Thread.ofPlatform().daemon().start(session::run));
        threads.add(Thread.ofPlatform().daemon().start(() -> {
            FrameDecoder d = new FrameDecoder();
            byte[] buf = new byte[1024];
            try {
                for (int n; (n = frobOut.read(buf)) >= 0; ) {
                    d.feed(buf, 0, n, e -> {
                        if (e instanceof FrameEvent.Frame f) {
                            ack();
                            try {
                                fromFrob.add(Packet.parse(f.body()));
                            } catch (Exception bad) {
                                throw new IllegalStateException(bad);
                            }
                        }
                    });
                }
            } catch (IOException closed) {
                // test over
            }
        }));
    }

    private void sale(String token) throws IOException {
        ecrWrites.write(Messages.encode(token, new Sale.Start(Sale.SALE, "K", "P-" + token, 100, 100, 0, "PLN", 0, OptionalLong.empty())).frame().toArray());
        ecrWrites.flush();
    }

    private void ack() {
        try {
            ecrWrites.write(Wire.ACK);
            ecrWrites.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Packet next() throws InterruptedException {
        Packet p = fromFrob.poll(5, TimeUnit.SECONDS);
        assertThat(p).as("a packet from frob within 5 s").isNotNull();
        return p;
    }
}
