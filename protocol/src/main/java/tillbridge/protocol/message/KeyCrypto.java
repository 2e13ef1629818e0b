package tillbridge.protocol.message;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography of key exchange (B1-B4), a tillbridge definition (docs/protocol.md): the sources
 * give only the field sizes. B2 carries an RSA-2048 public key (modulus exactly 256
 * bytes, exponent 3 bytes, normally {@code 010001}); B3 carries an AES key-encryption key (KEK)
 * encrypted with RSA-OAEP (SHA-256, MGF1 with SHA-256, empty label), which is 256 bytes, and its
 * check value: the first 3 bytes of the AES-ECB encryption of a zero block under the KEK.
 * Nothing here logs or keeps a key.
 */
public final class KeyCrypto {
    /** B2 modulus bytes: RSA-2048. */
    public static final int MODULUS_BYTES = 256;
    /** B2 exponent bytes. */
    public static final int EXPONENT_BYTES = 3;
    /** B3 check value bytes. */
    public static final int CHECK_VALUE_BYTES = 3;

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final String OAEP = "RSA/ECB/OAEPWithSHA-256AndMGF1Padding";
    private static final OAEPParameterSpec OAEP_SHA256 =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private KeyCrypto() {}

    /** The B2 public key; throws if the modulus is not 256 bytes or the exponent not 1-3 bytes. */
    public static RSAPublicKey publicKey(String modulusHex, String exponentHex) throws GeneralSecurityException {
        byte[] n = parse("modulus", modulusHex);
        byte[] e = parse("exponent", exponentHex);
        if (n.length != MODULUS_BYTES || (n[0] & 0x80) == 0)
            throw new GeneralSecurityException("B2 modulus must be a 2048-bit number in " + MODULUS_BYTES + " bytes, was " + n.length + " bytes");
        if (e.length == 0 || e.length > EXPONENT_BYTES) throw new GeneralSecurityException("B2 exponent must be 1-3 bytes, was " + e.length);
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, n), new BigInteger(1, e)));
    }

    /** The modulus as B2 field 6: exactly 256 bytes, uppercase hex. */
    public static String modulusHex(RSAPublicKey key) {
        return HEX.formatHex(unsigned(key.getModulus(), MODULUS_BYTES));
    }

    /** The public exponent as B2 field 7: exactly 3 bytes ({@code 010001}). */
    public static String exponentHex(RSAPublicKey key) {
        return HEX.formatHex(unsigned(key.getPublicExponent(), EXPONENT_BYTES));
    }

    /** B3 field 1: the KEK encrypted under the B2 key (RSA-OAEP, SHA-256). */
    public static String encryptKek(RSAPublicKey key, byte[] kek) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(OAEP);
        c.init(Cipher.ENCRYPT_MODE, key, OAEP_SHA256);
        return HEX.formatHex(c.doFinal(kek));
    }

    /** The KEK from B3 field 1; throws if it cannot be decrypted or is not an AES key (16, 24 or 32 bytes). */
    public static byte[] decryptKek(PrivateKey key, String encryptedHex) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(OAEP);
        c.init(Cipher.DECRYPT_MODE, key, OAEP_SHA256);
        byte[] kek = c.doFinal(parse("kek", encryptedHex));
        if (kek.length != 16 && kek.length != 24 && kek.length != 32) {
            int n = kek.length;
            Arrays.fill(kek, (byte) 0);
            throw new GeneralSecurityException("the KEK must be an AES key of 16, 24 or 32 bytes, was " + n + " bytes");
        }
        return kek;
    }

    /** B3 field 2: the first 3 bytes of AES-ECB(KEK, 16 zero bytes), uppercase hex. */
    public static String checkValue(byte[] kek) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"));
        return HEX.formatHex(Arrays.copyOf(c.doFinal(new byte[16]), CHECK_VALUE_BYTES));
    }

    /** Compares two check values in hex, in either case, in constant time. */
    public static boolean sameCheckValue(String a, String b) {
        try {
            return java.security.MessageDigest.isEqual(HexFormat.of().parseHex(a), HexFormat.of().parseHex(b));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] parse(String what, String hex) throws GeneralSecurityException {
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(what + " is not hex");
        }
    }

    /** {@code v} as exactly {@code bytes} big-endian bytes. */
    private static byte[] unsigned(BigInteger v, int bytes) {
        byte[] b = v.toByteArray();
        if (b.length == bytes) return b;
        if (b.length == bytes + 1 && b[0] == 0) return Arrays.copyOfRange(b, 1, b.length);
        if (b.length > bytes) throw new IllegalArgumentException("value needs " + b.length + " bytes, at most " + bytes + " allowed");
        byte[] out = new byte[bytes];
        System.arraycopy(b, 0, out, bytes - b.length, b.length);
        return out;
    }
}
