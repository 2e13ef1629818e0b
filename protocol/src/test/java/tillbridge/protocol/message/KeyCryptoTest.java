package tillbridge.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The key exchange crypto of docs/protocol.md: field sizes, OAEP round trip, check values. */
class KeyCryptoTest {
    @Test
    void checkValueIsTheStartOfAesOfAZeroBlock() throws Exception {
        // FIPS-197 style known answers: AES(0^16) under an all-zero key
        assertThat(KeyCrypto.checkValue(new byte[16])).isEqualTo("66E94B");
        assertThat(KeyCrypto.checkValue(new byte[32])).isEqualTo("DC95C0");
    }

    @Test
    void kekEncryptedForTheB2KeyFitsB3AndDecryptsBack() throws Exception {
        KeyPair rsa = rsa();
        RSAPublicKey pub = (RSAPublicKey) rsa.getPublic();
        String modulus = KeyCrypto.modulusHex(pub);
        assertThat(modulus).hasSize(2 * KeyCrypto.MODULUS_BYTES);
        assertThat(KeyCrypto.exponentHex(pub)).isEqualTo("010001");
        RSAPublicKey fromB2 = KeyCrypto.publicKey(modulus, "010001");
        byte[] kek = HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");

        String b3 = KeyCrypto.encryptKek(fromB2, kek);

        assertThat(b3).hasSize(512);
        Messages.encode("1", new Keys.Exchange(b3, KeyCrypto.checkValue(kek))); // fits the B3 schema
        assertThat(KeyCrypto.decryptKek(rsa.getPrivate(), b3)).isEqualTo(kek);
        assertThat(KeyCrypto.sameCheckValue(KeyCrypto.checkValue(kek), KeyCrypto.checkValue(kek).toLowerCase())).isTrue();
        assertThat(KeyCrypto.sameCheckValue("000000", KeyCrypto.checkValue(kek))).isFalse();
    }

    @Test
    void wrongSizesAndForeignBlocksAreRefused() throws Exception {
        assertThatThrownBy(() -> KeyCrypto.publicKey("00FF", "010001")).isInstanceOf(GeneralSecurityException.class).hasMessageContaining("256 bytes");
        KeyPair rsa = rsa();
        assertThatThrownBy(() -> KeyCrypto.decryptKek(rsa.getPrivate(), "AB".repeat(256))).isInstanceOf(GeneralSecurityException.class);
        String notAes = KeyCrypto.encryptKek((RSAPublicKey) rsa.getPublic(), new byte[7]);
        assertThatThrownBy(() -> KeyCrypto.decryptKek(rsa.getPrivate(), notAes)).hasMessageContaining("16, 24 or 32 bytes");
    }

    @Test
    void s2NamesThePaymentItReportsOnInField12() {
        Sale.End e = Sale.End.of(0, "approved").withPaymentId("PAR/1");
        assertThat(Messages.encode("1", e).fields()).hasSize(12).endsWith("PAR/1");
        assertThat(Messages.decode(Messages.encode("1", e))).isEqualTo(e);
        assertThat(Messages.encode("1", Sale.End.of(0, "approved")).fields()).hasSize(9);
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
