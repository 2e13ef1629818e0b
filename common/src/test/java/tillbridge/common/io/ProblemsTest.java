package tillbridge.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProblemsTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownHostIsQuotedAndNamedAsSuch() {
        assertThat(Problems.describe(new UnknownHostException("pos.example"))).isEqualTo("unknown host 'pos.example'");
        assertThat(Problems.describe(new UnknownHostException("pos.example: Name or service not known"))).isEqualTo("unknown host 'pos.example'");
    }

    @Test
    void aMissingFileSaysSo() {
        assertThat(Problems.describe(new NoSuchFileException("/etc/tb/keys.p12"))).isEqualTo("no such file or directory: /etc/tb/keys.p12");
    }

    @Test
    void aBusyPortReadsAsASentence() {
        assertThat(Problems.describe(new BindException("Address already in use"))).isEqualTo("address already in use");
    }

    @Test
    void noJavaClassNameEvenWithoutAMessage() {
        assertThat(Problems.describe(new ClosedChannelException())).isEqualTo("closed channel");
    }

    @Test
    void aKeyStoreWithAWrongPasswordIsRecognised() throws Exception {
        Path file = dir.resolve("ks.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (var out = Files.newOutputStream(file)) {
            ks.store(out, "right".toCharArray());
        }
        IOException wrong = null;
        try {
            KeyStore.getInstance(file.toFile(), "wrong".toCharArray());
        } catch (IOException e) {
            wrong = e;
        }
        assertThat(wrong).isNotNull();
        assertThat(Problems.wrongPassword(wrong)).isTrue();
        assertThat(Problems.describe(wrong)).isEqualTo("wrong password (or not a key store)");
        assertThat(Problems.wrongPassword(new IOException("disk full"))).isFalse();
    }

    @Test
    void durationsReadAsSecondsNotJavaNotation() {
        assertThat(Problems.seconds(java.time.Duration.ofSeconds(-1))).isEqualTo("-1 s");
        assertThat(Problems.seconds(java.time.Duration.ofMillis(500))).isEqualTo("0.5 s");
        assertThat(Problems.seconds(java.time.Duration.ofSeconds(30))).isEqualTo("30 s");
    }
}
