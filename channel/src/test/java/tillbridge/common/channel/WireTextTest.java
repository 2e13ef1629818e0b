package tillbridge.common.channel;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;
import tillbridge.protocol.ProtocolException;

class WireTextTest {
    private static final Charset CP1250 = Charset.forName("windows-1250");
    private final WireText text = WireText.DEFAULT;

    /** The wire text of {@code s} in windows-1250: one char per byte, as frames hold it. */
    private static String wire(String s) {
        return new String(s.getBytes(CP1250), ISO_8859_1);
    }

    @Test
    void polishLettersBecomeWindows1250BytesAndComeBackAsUnicode() throws Exception {
        String polish = "Zapłać kartą: ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż";
        String onWire = text.toWire(polish, "text");
        assertThat(onWire).isEqualTo(wire(polish));
        assertThat(onWire.charAt(3)).isEqualTo((char) 0xB3); // ł
        assertThat(text.toUnicode(onWire)).isEqualTo(polish);
    }

    @Test
    void aLetterTheCharsetLacksBecomesItsAsciiBaseAndOneItHasStays() throws Exception {
        assertThat(text.toWire("Señor Jõe", "text")).isEqualTo("Senor Joe");
        assertThat(text.toWire("Müller", "text")).isEqualTo(wire("Müller"));
    }

    @Test
    void aCharacterWithNoByteAndNoFallbackIsRefusedNamingFieldAndCharacter() {
        assertThatThrownBy(() -> text.toWire("Søren", "prompt")).isInstanceOf(ProtocolException.class)
                .hasMessage("field 'prompt': character 'ø' (U+00F8) has no windows-1250 byte and no ASCII fallback");
        assertThatThrownBy(() -> text.toWire("ok 😀", "text")).hasMessageContaining("'😀' (U+1F600)");
    }

    @Test
    void controlCharactersAreRefused() {
        assertThatThrownBy(() -> text.toWire("two\nlines", "text")).isInstanceOf(ProtocolException.class)
                .hasMessage("field 'text': control character U+000A is not allowed");
        assertThatThrownBy(() -> text.toWire("unit\u001f", "lines")).hasMessageContaining("U+001F");
        assertThatThrownBy(() -> text.toWire("del\u007f", "lines")).hasMessageContaining("U+007F");
    }

    @Test
    void asciiTextIsPassedWithoutACopy() throws Exception {
        String ascii = "PAY 12.00 PLN";
        assertThat(text.toWire(ascii, "text")).isSameAs(ascii);
        assertThat(text.toUnicode(ascii)).isSameAs(ascii);
    }

    @Test
    void anotherSingleByteCharsetCanBeChosenButNotOneThatChangesAscii() throws Exception {
        WireText latin2 = WireText.of(Charset.forName("ISO-8859-2"));
        assertThat(latin2.toWire("ł", "text")).isEqualTo(String.valueOf((char) 0xB3));
        assertThat(latin2.toWire("ą", "text")).isEqualTo(String.valueOf((char) 0xB1));
        assertThatThrownBy(() -> WireText.of(Charset.forName("UTF-16"))).isInstanceOf(IllegalArgumentException.class);
    }
}
