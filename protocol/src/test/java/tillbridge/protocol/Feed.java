package tillbridge.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Feeds bytes to a fresh {@link FrameDecoder} in a chosen chunking and collects every event, end of input included. */
public final class Feed {
    private Feed() {}

    public static List<FrameEvent> whole(byte[] wire) {
        return chunked(new FrameDecoder(), wire, new int[] {wire.length});
    }

    public static List<FrameEvent> oneByteAtATime(byte[] wire) {
        int[] sizes = new int[wire.length];
        java.util.Arrays.fill(sizes, 1);
        return chunked(new FrameDecoder(), wire, sizes);
    }

    /** Chunks of 0 to 2x{@code mean} bytes; empty chunks included, since a read may return nothing. */
    public static List<FrameEvent> randomChunks(FrameDecoder d, byte[] wire, Random random, int mean) {
        List<Integer> sizes = new ArrayList<>();
        for (int left = wire.length; left > 0; ) {
            int n = Math.min(left, random.nextInt(2 * mean + 1));
            sizes.add(n);
            left -= n;
        }
        return chunked(d, wire, sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    public static List<FrameEvent> chunked(FrameDecoder d, byte[] wire, int[] sizes) {
        List<FrameEvent> out = new ArrayList<>();
        int at = 0;
        for (int n : sizes) {
            d.feed(wire, at, n, out::add);
            at += n;
        }
        out.addAll(d.endOfInput());
        return mergeNoise(out);
    }

    /** Noise is reported per call, so a chunk border may split one run; merge runs before comparing. */
    public static List<FrameEvent> mergeNoise(List<FrameEvent> events) {
        List<FrameEvent> out = new ArrayList<>(events.size());
        for (FrameEvent e : events) {
            if (e instanceof FrameEvent.Noise n && !out.isEmpty() && out.getLast() instanceof FrameEvent.Noise m)
                out.set(out.size() - 1, new FrameEvent.Noise(m.skippedBytes() + n.skippedBytes()));
            else out.add(e);
        }
        return out;
    }
}
