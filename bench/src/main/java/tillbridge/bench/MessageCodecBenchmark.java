package tillbridge.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import tillbridge.protocol.Bytes;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;

/** The message layer above framing, on the body of the same E09 S1: parse, typed decode, encode. No target. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MessageCodecBenchmark {
    private Bytes body;
    private Packet packet;
    private Message message;

    @Setup
    public void setup() throws ProtocolException {
        byte[] f = FrameCodecBenchmark.E09;
        body = Bytes.copyOf(f, 1, f.length - 2);
        packet = Packet.parse(body);
        message = Messages.decode(packet);
    }

    @Benchmark
    public Packet parse() throws ProtocolException {
        return Packet.parse(body);
    }

    @Benchmark
    public Message decode() {
        return Messages.decode(packet);
    }

    @Benchmark
    public Packet encode() {
        return Messages.encode("2713", message);
    }

    /** Body bytes to a typed message and back to a whole frame, as a receiver that answers would do. */
    @Benchmark
    public Bytes roundTrip() throws ProtocolException {
        Message m = Messages.decode(Packet.parse(body));
        return Messages.encode("2713", m).frame();
    }
}
