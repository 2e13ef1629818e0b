package tillbridge.frob.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.frob.config.FrobConfig;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.KeyCrypto;
import tillbridge.protocol.message.Messages;

/** frob as the responder of B1-B4 (docs/protocol.md, key exchange). */
class KeyExchangeTest {
    @TempDir
    Path dir;

    private FrobConfig config() {
        return FrobConfig.DEFAULTS.withKeyFile(dir.resolve("state/frob-key.pem"));
    }

    @Test
    void pairingAnswersWithAnRsa2048PublicKeyFromAKeyFileAndDirectoryOnlyItsOwnerCanRead() throws Exception {
        try (var h = EmbeddedSession.withoutPayment(config())) {
            Packet b2 = pair(h);
            assertThat(Messages.named(b2)).containsEntry("result", "0").containsEntry("exponent", "010001")
                    .containsEntry("vendor", "tillbridge").containsEntry("device_type", "frob");
            assertThat(Messages.named(b2).get("modulus")).matches("[0-9A-F]{512}");
            Path file = dir.resolve("state/frob-key.pem");
            assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).as("a directory it made").isEqualTo("rwx------");
        }
        try (var h = EmbeddedSession.withoutPayment(config())) {
            assertThat(pair(h).fields().get(5)).as("the same key in the next session").isNotEmpty();
        }
    }

    @Test
    void kekWithTheRightCheckValueIsAcceptedAndStoredOnlyItsOwnerCanRead() throws Exception {
        try (var h = EmbeddedSession.withoutPayment(config())) {
            RSAPublicKey key = publicKey(pair(h));
            byte[] kek = KeyGenerator.getInstance("AES").generateKey().getEncoded();
            h.ecrSends(Packet.of("2722", "B3", KeyCrypto.encryptKek(key, kek), KeyCrypto.checkValue(kek)));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2722", "B4", "0"));
            Path stored = dir.resolve("state/frob-key.pem.kek");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
            var json = new ObjectMapper().readTree(stored.toFile());
            assertThat(json.path("kek").asText()).isEqualTo(HexFormat.of().withUpperCase().formatHex(kek));
            assertThat(json.path("ecr").path("vendor").asText()).isEqualTo("KASA");
        }
    }

    @Test
    void kekWithAWrongCheckValueGetsTheMismatchCodeAndIsNotStored() throws Exception {
        try (var h = EmbeddedSession.withoutPayment(config())) {
            RSAPublicKey key = publicKey(pair(h));
            byte[] kek = KeyGenerator.getInstance("AES").generateKey().getEncoded();
            h.ecrSends(Packet.of("2722", "B3", KeyCrypto.encryptKek(key, kek), "000000"));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2722", "B4", "998"));
            assertThat(dir.resolve("state/frob-key.pem.kek")).doesNotExist();
        }
    }

    @Test
    void kekThatDoesNotDecryptGets997() throws Exception {
        try (var h = EmbeddedSession.withoutPayment(config())) {
            pair(h);
            h.ecrSends(Packet.of("2722", "B3", "AB".repeat(256), "000000"));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2722", "B4", "997"));
        }
    }

    @Test
    void keyExchangeWithoutPairingIsRefused() {
        try (var h = EmbeddedSession.withoutPayment(config())) {
            h.ecrSends(Packet.of("2722", "B3", "AB".repeat(256), "000000"));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2722", "B4", "999"));
        }
    }

    @Test
    void unusableKeyFileRefusesThePairing() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/frob-key.pem"), "not a key");
        try (var h = EmbeddedSession.withoutPayment(config())) {
            assertThat(Messages.named(pair(h))).containsEntry("result", "999").doesNotContainKey("modulus");
        }
    }

    private static Packet pair(EmbeddedSession h) {
        h.ecrSends(Packet.of("2721", "B1", "170", "KASA", "ECR", "01"));
        Packet b2 = h.ecrReceives();
        assertThat(b2.type()).isEqualTo("B2");
        assertThat(b2.token()).isEqualTo("2721");
        return b2;
    }

    private static RSAPublicKey publicKey(Packet b2) throws Exception {
        return KeyCrypto.publicKey(Messages.named(b2).get("modulus"), Messages.named(b2).get("exponent"));
    }
}
