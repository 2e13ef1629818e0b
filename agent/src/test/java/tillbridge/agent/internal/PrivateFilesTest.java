package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.agent.Credentials;

/** The journal and the credentials hold the token and payment records: 0600 files in a 0700 directory. */
class PrivateFilesTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theJournalIsCreatedOwnerOnlyInAnOwnerOnlyDirectory() throws Exception {
        Path dir = tmp.resolve("a/b");
        try (JobJournal j = JobJournal.open(dir, Clock.systemUTC())) {
            j.received("job_1", "payment", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve(JobJournal.FILE))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("journal.lock"))).isEqualTo("rw-------");
    }

    @Test
    void filesAndADirectoryMadeMoreOpenBeforeAreNarrowed() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("open"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve(JobJournal.FILE), "");
        Files.setPosixFilePermissions(dir.resolve(JobJournal.FILE), PosixFilePermissions.fromString("rw-r--r--"));
        try (JobJournal j = JobJournal.open(dir, Clock.systemUTC())) {
            assertThat(j.jobs()).isEmpty();
        }
        new Credentials("site_1", "s3cret").store(dir);
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve(JobJournal.FILE))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve(Credentials.FILE))).isEqualTo("rw-------");
    }
}
