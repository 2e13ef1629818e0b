package tillbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LRC alone, against the worked example in docs/protocol.md and the frames frobd publishes in its tests and samples. */
class LrcTest {
    @Test
    void workedExampleOfSection1_3() {
        // 32 37 31 31 1C 54 31 1C, then ETX: the worked example in docs/protocol.md ends at 0x63
        byte[] body = {0x32, 0x37, 0x31, 0x31, 0x1C, 0x54, 0x31, 0x1C};

        assertThat(Lrc.ofBody(body, 0, body.length)).isEqualTo(0x63);
        assertThat(Frames.wrap(Bytes.copyOf(body))).isEqualTo(Bytes.fromHex("02 32 37 31 31 1C 54 31 1C 03 63"));
    }

    /** The seven of frobd's nine frames whose bytes we have in full (the T4 and D5 ones we only have abridged). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ut.t frame test / sample01 | 000102<FS>T1<FS>                                                              | e
            ut.t serializer T1         | 12<FS>T1<FS>                                                                  | e
            sample02                   | 23AB<FS>T2<FS>170<FS>COMPANY<FS>SAMPLE MESSAGE<FS>02<FS>                      | y
            sampleD4                   | 2745<FS>D4<FS>                                                                | w
            sampleS1                   | 2A31<FS>S1<FS>S<FS>ABC1234567890<FS>6<FS>928<FS>828<FS>100<FS>PLN<FS>0<FS>30000<FS> | I
            sampleT4                   | FF001<FS>T4<FS>160<US>170<US><FS>                                             | O
            ut.t serializer S1         | 123456<FS>S1<FS>S<FS>ECR123<FS>PAY123<FS>5001<FS>4001<FS>1000<FS>EUR<FS>0<FS>0<FS> | w
            """)
    void frobdPublishedFrames(String source, String body, char published) {
        assertThat(Lrc.ofBody(Notation.body(body))).isEqualTo(published);
    }

    @Test
    void bytesAtOrAbove0x80StayInOneByte() {
        byte[] body = {(byte) 0xFF, (byte) 0x80, 0x01};

        assertThat(Lrc.ofBody(body, 0, body.length)).isEqualTo((0xFF ^ 0x80 ^ 0x01 ^ 0x03));
    }

    @Test
    void rangeVariantLooksOnlyAtTheRange() {
        byte[] padded = Notation.bytes("xx2711<FS>T1<FS>yy");

        assertThat(Lrc.ofBody(padded, 2, padded.length - 2)).isEqualTo(0x63);
    }

    @Test
    void agreesWithAPlainByteLoopForEveryLengthAndOffset() {
        var random = new java.util.Random(1);
        byte[] data = new byte[64];
        random.nextBytes(data);
        for (int from = 0; from < 16; from++)
            for (int to = from; to <= data.length; to++) {
                int plain = Wire.ETX;
                for (int i = from; i < to; i++) plain ^= data[i] & 0xFF;
                assertThat(Lrc.ofBody(data, from, to)).as("[%d, %d)", from, to).isEqualTo(plain);
            }
    }

    @Test
    void emptyBodyHasTheLrcOfEtxAlone() {
        assertThat(Lrc.ofBody(Bytes.EMPTY)).isEqualTo(0x03);
    }
}
