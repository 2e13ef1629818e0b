package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory is 0700 and the files in it 0600, whether the hub created it or found it. */
class PrivateDataTest {
    @TempDir
    Path tmp;

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aNewDataDirectoryIsPrivate() throws Exception {
        Path data = tmp.resolve("hub-data");
        try (TestHub t = TestHub.start(data)) {
            t.tenant("venue-co");
            assertThat(perms(data)).isEqualTo("rwx------");
            assertThat(files(data)).isNotEmpty();
            for (Path f : files(data)) assertThat(perms(f)).as(f.getFileName().toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void anExistingOpenDirectoryAndItsFilesAreTightened() throws Exception {
        Path data = tmp.resolve("loose");
        Files.createDirectories(data);
        try (TestHub t = TestHub.start(data)) {
            t.tenant("venue-co");
        }
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path f : files(data)) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));

        try (TestHub t = TestHub.start(data)) {
            assertThat(perms(data)).isEqualTo("rwx------");
            for (Path f : files(data)) assertThat(perms(f)).as(f.getFileName().toString()).isEqualTo("rw-------");
        }
    }
}
