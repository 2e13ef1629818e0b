package tillbridge.bench;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
import org.openjdk.jmh.infra.Blackhole;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Frames;

/**
 * Framing alone, on a 60-byte S1 (worked frame E09 of vectors.jsonl). Target: at least 20 million
 * decode + encode rounds a second on one thread (docs/performance.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FrameCodecBenchmark {
    /** E09: S1 sale 123.45 PLN, STX to LRC. */
    static final byte[] E09 = HexFormat.of().parseHex(("02 32 37 31 33 1C 53 31 1C 53 1C 4B 41 53 41 2D 30 31 1C 50 41 52 2F 32 30 32 34 2F"
            + " 30 30 30 31 32 33 1C 31 32 33 34 35 1C 31 30 30 33 37 1C 32 33 30 38 1C 50 4C 4E 1C 30 1C 03 29").replace(" ", ""));

    private final byte[] frame = E09.clone();
    private final byte[] out = new byte[E09.length];
    private final FrameDecoder decoder = new FrameDecoder();
    private Consumer<FrameEvent> sink;

    @Setup
    public void setup(Blackhole bh) {
        // one sink for the whole run, so the benchmark does not measure a lambda allocation per call
        sink = bh::consume;
    }

    @Benchmark
    public void decode() {
        decoder.feed(frame, 0, frame.length, sink);
    }

    @Benchmark
    public int encode() {
        return Frames.wrap(frame, 1, frame.length - 2, out, 0);
    }

    @Benchmark
    public int decodeAndEncode() {
        decoder.feed(frame, 0, frame.length, sink);
        return Frames.wrap(frame, 1, frame.length - 2, out, 0);
    }
}
