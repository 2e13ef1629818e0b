package tillbridge.common.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import tillbridge.common.io.LineDecoder.Line;
import tillbridge.common.io.LineDecoder.Line.Text;
import tillbridge.common.io.LineDecoder.Line.TooLong;
import tillbridge.common.io.LineDecoder.Line.Unterminated;

class LineDecoderTest {
    /** Pieces the generated inputs are made of: line ends, characters of 1 to 4 UTF-8 bytes, a malformed byte. */
    private static final byte[][] PIECES = {
        bytes("\n"), bytes("\r\n"), bytes("\r"), bytes("a"), bytes("{}"), bytes("ł"), bytes("€"), bytes("😀"), {(byte) 0xFF}, {(byte) 0xC5},
    };

    @Test
    void linesEndWithLfOrCrLfAndALastLineWithoutEndIsReportedAsUnterminated() {
        assertThat(decode(new LineDecoder(100), "one\r\ntwo\n\nthree\rx\nfour")).containsExactly(
                new Text("one"), new Text("two"), new Text(""), new Text("three\rx"), new Unterminated("four", 4));
    }

    @Test
    void aCharacterSplitAcrossReadsArrivesWhole() {
        byte[] zolc = bytes("Żółć 😀\n");
        LineDecoder d = new LineDecoder(100);
        List<Line> got = new ArrayList<>();
        for (byte b : zolc) d.feed(new byte[] {b}, 0, 1, got::add);
        assertThat(got).containsExactly(new Text("Żółć 😀"));
    }

    @Test
    void aLineOverTheLimitIsReportedOnceAtOnceAndTheNextLineIsRead() {
        LineDecoder d = new LineDecoder(10);
        List<Line> got = new ArrayList<>();
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'x');
        d.feed(chunk, 0, chunk.length, got::add);
        assertThat(got).as("reported before the line ends").containsExactly(new TooLong(10));
        for (int i = 0; i < 8; i++) d.feed(chunk, 0, chunk.length, got::add);
        d.feed(bytes("x\nnext\n"), 0, 7, got::add);
        assertThat(got).containsExactly(new TooLong(10), new Text("next"));
    }

    @Test
    void theLimitCountsCharactersNotBytes() {
        LineDecoder d = new LineDecoder(4);
        assertThat(decode(d, "żółć\r\nżółćź\nabcd\n")).containsExactly(new Text("żółć"), new TooLong(4), new Text("abcd"));
    }

    @Test
    void aCutLineOverTheLimitIsReportedAsTooLong() {
        assertThat(decode(new LineDecoder(3), "abcd")).containsExactly(new TooLong(3));
        assertThat(decode(new LineDecoder(3), "abcdefghijklmnop")).containsExactly(new TooLong(3));
    }

    @Test
    void readAllReadsAStreamToItsEnd() throws IOException {
        List<Line> got = new ArrayList<>();
        new LineDecoder(100).readAll(new ByteArrayInputStream(bytes("a\nb")), got::add);
        assertThat(got).containsExactly(new Text("a"), new Unterminated("b", 1));
    }

    @Test
    void anySplitOfTheInputIntoChunksYieldsTheSameLines() {
        qt().forAll(input(), lists().of(integers().between(0, 9)).ofSizeBetween(0, 40)).checkAssert((wire, sizes) -> {
            for (int limit : new int[] {3, 8, 1000}) {
                assertThat(chunked(new LineDecoder(limit), wire, sizes)).as("limit %d", limit)
                        .isEqualTo(chunked(new LineDecoder(limit), wire, List.of()));
            }
        });
    }

    @Test
    void withoutOverlongLinesTheLinesAreTheTextBetweenLineEnds() {
        qt().forAll(input()).checkAssert(wire -> {
            List<Line> expected = new ArrayList<>();
            String[] parts = new String(wire, UTF_8).split("\n", -1);
            for (int i = 0; i < parts.length - 1; i++) expected.add(new Text(parts[i].endsWith("\r") ? parts[i].substring(0, parts[i].length() - 1) : parts[i]));
            String last = parts[parts.length - 1];
            if (!last.isEmpty()) expected.add(new Unterminated(last, lastLineBytes(wire)));

            assertThat(chunked(new LineDecoder(10_000), wire, List.of(1))).isEqualTo(expected);
        });
    }

    private static QuickTheory qt() {
        return QuickTheory.qt().withFixedSeed(Long.getLong("tb.qt.seed", 0x11E5L)).withExamples(1000);
    }

    private static Gen<byte[]> input() {
        return lists().of(integers().between(0, PIECES.length - 1)).ofSizeBetween(0, 60).map(picks -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int p : picks) b.writeBytes(PIECES[p]);
            return b.toByteArray();
        });
    }

    /** Feeds {@code wire} in chunks of {@code sizes} (repeated; none or all zero: all at once), then ends the input. */
    private static List<Line> chunked(LineDecoder d, byte[] wire, List<Integer> sizes) {
        List<Line> got = new ArrayList<>();
        boolean progress = sizes.stream().anyMatch(n -> n > 0);
        int at = 0;
        for (int k = 0; at < wire.length; k++) {
            int n = progress ? Math.min(wire.length - at, sizes.get(k % sizes.size())) : wire.length - at;
            d.feed(wire, at, n, got::add);
            at += n;
        }
        d.endOfInput(got::add);
        return got;
    }

    private static int lastLineBytes(byte[] wire) {
        int i = wire.length;
        while (i > 0 && wire[i - 1] != '\n') i--;
        return wire.length - i;
    }

    private static List<Line> decode(LineDecoder d, String text) {
        return chunked(d, bytes(text), List.of());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
