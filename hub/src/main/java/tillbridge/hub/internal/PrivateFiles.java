package tillbridge.hub.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The hub's data directory holds hashes of every API key and agent token and every job: only
 * the hub's own user may read it. The directory is made 0700 before H2 creates anything in it
 * (so no file is ever reachable by others, whatever the umask) and the files in it 0600. On a
 * file system without POSIX permissions this does nothing.
 */
final class PrivateFiles {
    private PrivateFiles() {}

    /** Creates {@code dir} as 0700 if missing, or tightens it to 0700. */
    static void directory(Path dir) {
        try {
            if (!posix(dir)) return;
            if (Files.notExists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data directory " + dir + " private: " + e.getMessage(), e);
        }
    }

    /** Makes every regular file directly in {@code dir} 0600. */
    static void files(Path dir) {
        if (!posix(dir)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            for (Path f : ds) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the files in " + dir + " private: " + e.getMessage(), e);
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
