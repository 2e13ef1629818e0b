package tillbridge.frob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Modifier;
import java.nio.channels.spi.SelectorProvider;
import org.junit.jupiter.api.Test;
import tillbridge.common.io.Exit;

class MainTest {
    @Test
    void helpDocumentsEveryOptionAndExitCodeOnStdout() {
        var stdout = new ByteArrayOutputStream();
        assertThat(Main.run(stdout, "--help")).isZero();
        assertThat(stdout.toString(UTF_8)).contains("--config", "--payment", "--device", "--ui", "--storage", "--channel-format", "--wire-charset",
                "--payment-timeout", "--verbose", "--quiet", "--help", "--version", "--channels", "--ucspi-client", "--listen", "--serial",
                "--baud", "--lock", "--notify-fd", "--keys", "fd:N", "path:", "unix:", "tcp:host:port", "FROB_LOG");
        for (Exit e : Exit.values()) assertThat(stdout.toString(UTF_8)).containsPattern("(?m)^\\s+" + e.code + "\\s+\\S");
    }

    @Test
    void unknownOptionIsAUsageError() {
        var stdout = new ByteArrayOutputStream();
        assertThat(Main.run(stdout, "--bogus")).isEqualTo(Exit.USAGE.code);
        assertThat(stdout.size()).isZero();
    }

    @Test
    void optionValuesComeAfterASpaceOrAnEqualsSign() {
        Options o = Options.parse(java.util.List.of("--payment=unix:/x.sock", "--baud", "115200", "-vv", "--ucspi-client"));
        assertThat(o.payment).isEqualTo("unix:/x.sock");
        assertThat(o.baud).isEqualTo(115200);
        assertThat(o.verbose).isEqualTo(2);
        assertThat(o.ucspiClient).isTrue();
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption() {
        var stdout = new ByteArrayOutputStream();
        assertThat(Main.run(stdout, "--baud", "fast")).isEqualTo(Exit.USAGE.code);
        assertThat(Main.run(stdout, "--payment")).isEqualTo(Exit.USAGE.code);
        assertThat(Main.run(stdout, "--channel-format", "xml")).isEqualTo(Exit.USAGE.code);
        assertThat(Main.run(stdout, "--wire-charset", "no-such-charset")).isEqualTo(Exit.USAGE.code);
        assertThat(Main.run(stdout, "--channel-format", "v1", "--wire-charset", "ISO-8859-2")).isEqualTo(Exit.USAGE.code);
        assertThat(stdout.size()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.parse(java.util.List.of("--baud", "fast")))
                .hasMessageContaining("--baud");
    }

    @Test
    void aNumberOptionSaysItWantsAPositiveWholeNumber() {
        for (String bad : new String[] {"-5", "0", "1.5"})
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.parse(java.util.List.of("--payment-timeout", bad)))
                    .hasMessage("option '--payment-timeout' needs a positive whole number, was '" + bad + "'");
        assertThat(Options.parse(java.util.List.of("--payment-timeout", "30")).paymentTimeout).isEqualTo(30L);
    }

    @Test
    void theSelectorProviderItNamesIsOneTheJdkCanLoadByName() throws Exception {
        String property = "java.nio.channels.spi.SelectorProvider";
        String before = System.clearProperty(property);
        try {
            Main.nameSelectorProvider();
            String named = System.getProperty(property);
            if (System.getProperty("os.name").equals("Linux")) assertThat(named).isEqualTo("sun.nio.ch.EPollSelectorProvider");
            if (named != null) {
                // what SelectorProvider does with the property: a public no-argument constructor of a subclass
                Class<?> c = Class.forName(named, false, ClassLoader.getSystemClassLoader());
                assertThat(SelectorProvider.class).isAssignableFrom(c);
                assertThat(Modifier.isPublic(c.getConstructor().getModifiers())).isTrue();
            }
        } finally {
            if (before == null) System.clearProperty(property);
            else System.setProperty(property, before);
        }
    }

    @Test
    void aSelectorProviderTheUserNamedIsKept() {
        String property = "java.nio.channels.spi.SelectorProvider";
        String before = System.setProperty(property, "com.example.Provider");
        try {
            Main.nameSelectorProvider();
            assertThat(System.getProperty(property)).isEqualTo("com.example.Provider");
        } finally {
            if (before == null) System.clearProperty(property);
            else System.setProperty(property, before);
        }
    }
}
