package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ecr keys} pairing with a real frob: the check value is verified, the key stored 0600, and no log shows it. */
class KeyExchangeProcessTest {
    @TempDir
    Path dir;

    @Test
    void ecrAndFrobAgreeOnAKeyEncryptionKeyWithItsCheckValueVerifiedAndNeverLogged() throws Exception {
        Path keys = dir.resolve("state/frob-key.pem");
        Path kek = dir.resolve("ecr.kek");
        // -v / -vv: debug logs with wire bytes in hex on both sides, which must still hide the key
        String frob = Programs.bin("frob") + " -v --keys " + keys;
        Run r = Run.of(dir, 60, List.of(Programs.bin("ecr").toString(), "-vv", "--exec", frob, "keys", "--kek-file", kek.toString()));

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("result 0", "stage B4", "check value");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");
        Path stored = dir.resolve("state/frob-key.pem.kek");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kek))).isEqualTo("rw-------");
        String key = Files.readString(kek).strip();
        assertThat(key).matches("[0-9A-F]{64}");
        assertThat(new ObjectMapper().readTree(stored.toFile()).path("kek").asText()).as("frob holds the key the ECR sent").isEqualTo(key);

        // frob's log and the ECR's (frob's stderr goes through ecr's): the B3 packet and its wire bytes are hidden
        assertThat(r.err()).contains("key exchange accepted", "B3[", "<2 secret fields>", "<B3 frame of")
                .doesNotContain(key).doesNotContain(key.toLowerCase());
    }

    @Test
    void secondPairingUsesTheSameFrobKey() throws Exception {
        Path keys = dir.resolve("frob-key.pem");
        String frob = Programs.bin("frob") + " --keys " + keys;
        assertThat(Run.of(dir, 60, List.of(Programs.bin("ecr").toString(), "--exec", frob, "keys")).exit()).isZero();
        String first = Files.readString(keys);
        Run again = Run.of(dir, 60, List.of(Programs.bin("ecr").toString(), "--exec", frob, "keys"));
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(Files.readString(keys)).isEqualTo(first);
    }
}
