package tillbridge.frob.session;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.io.PrivateDirectory;
import tillbridge.common.json.PlainJson;
import tillbridge.protocol.message.Keys;

/**
 * frob's key material for key exchange (docs/protocol.md): an RSA-2048 key pair in {@code FILE}
 * (PKCS#8 PEM, created with mode 0600 on first use; several frob processes may race to create it,
 * the first one wins), and the last key-encryption key an ECR sent, in {@code FILE.kek} (JSON, mode
 * 0600). Neither is ever logged.
 */
final class FrobKeys {
    private static final Logger log = LoggerFactory.getLogger(FrobKeys.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private final Path file;
    private KeyPair pair;

    FrobKeys(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path file() {
        return file;
    }

    Path kekFile() {
        return file.resolveSibling(file.getFileName() + ".kek");
    }

    /** The key pair, read from the file or created there. */
    KeyPair pair() throws IOException, GeneralSecurityException {
        if (pair == null) pair = Files.exists(file) ? read() : create();
        return pair;
    }

    /** Stores an accepted KEK (and which ECR sent it) beside the key pair, replacing the previous one. */
    void storeKek(byte[] kek, String checkValue, Keys.PairingRequest ecr) throws IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kek", HexFormat.of().withUpperCase().formatHex(kek));
        o.put("kcv", checkValue.toUpperCase(java.util.Locale.ROOT));
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("version", ecr.version());
        from.put("vendor", ecr.vendor());
        from.put("device_type", ecr.deviceType());
        from.put("device_id", ecr.deviceId());
        o.put("ecr", from);
        o.put("accepted_at", Instant.now().toString());
        Path tmp = privateTemp(kekFile());
        try {
            Files.writeString(tmp, PlainJson.write(o) + "\n", US_ASCII);
            Files.move(tmp, kekFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private KeyPair read() throws IOException, GeneralSecurityException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) log.warn("key file {} is readable by others ({}); it should be mode 0600", file, PosixFilePermissions.toString(perms));
        String pem = Files.readString(file, US_ASCII);
        int from = pem.indexOf(BEGIN);
        int to = pem.indexOf(END);
        if (from < 0 || to < from) throw new GeneralSecurityException(file + " holds no PKCS#8 PEM private key");
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + BEGIN.length(), to));
        if (!(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey k))
            throw new GeneralSecurityException(file + " holds no RSA private key with its public exponent");
        if (k.getModulus().bitLength() != 2048) throw new GeneralSecurityException(file + " holds an RSA key of " + k.getModulus().bitLength() + " bits, 2048 needed");
        RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
        log.info("key pair read from {}", file);
        return new KeyPair(pub, k);
    }

    private KeyPair create() throws IOException, GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(kp.getPrivate().getEncoded()) + "\n" + END + "\n";
        Path tmp = privateTemp(file);
        try {
            Files.writeString(tmp, pem, US_ASCII);
            Files.createLink(file, tmp); // fails if another frob made the file meanwhile: then its key is the key
            log.info("new RSA-2048 key pair created in {}", file);
            return kp;
        } catch (FileAlreadyExistsException e) {
            log.info("{} was created by another process meanwhile; using it", file);
            return read();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new empty file with mode 0600 next to {@code target}. */
    private static Path privateTemp(Path target) throws IOException {
        PrivateDirectory.forFile(target); // the private key's directory is nobody else's business either
        return Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    }
}
