package tillbridge.protocol;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The control bytes of ECR-EFT and the charsets used to turn wire bytes into text. */
public final class Wire {
    public static final byte STX = 0x02;
    public static final byte ETX = 0x03;
    public static final byte ACK = 0x06;
    public static final byte NAK = 0x15;
    public static final byte FS = 0x1C;
    public static final byte US = 0x1F;

    /**
     * Frame bodies are held as text in this charset: one char per byte, so any byte survives a
     * round trip and the LRC can be recomputed. Field validation then restricts what is allowed.
     */
    public static final Charset RAW = StandardCharsets.ISO_8859_1;

    /** Extended-text fields (spec §2.4.3) are read in this charset until the specification says otherwise (open question Q10 in docs/protocol.md). */
    public static final Charset EXTENDED_TEXT = Charset.forName("windows-1250");

    /** Accepted frame size, STX to LRC inclusive (no source gives a limit; frobd's buffer is 4 KiB, so 8 KiB leaves room while keeping memory bounded). */
    public static final int MAX_FRAME_BYTES = 8 * 1024;

    private Wire() {}
}
