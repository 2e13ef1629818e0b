package tillbridge.agent.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The agent's own files (journal, credentials): mode 0600 in a 0700 directory, because they hold
 * the agent token and payment records. Set at creation, so there is no moment in which another
 * user could open them; a file or directory found more open (made by an older version, or by
 * hand) is narrowed. On a file system without POSIX permissions nothing is changed.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {}

    /** Creates {@code dir} (and missing parents) 0700, or narrows an existing one to 0700. */
    public static void directory(Path dir) throws IOException {
        if (!POSIX) {
            Files.createDirectories(dir);
            return;
        }
        if (Files.isDirectory(dir)) narrow(dir, DIRECTORY);
        else Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    }

    /** Opens {@code file}, creating it 0600 when {@link StandardOpenOption#CREATE} is among the options; narrows an existing one. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        if (!POSIX) return FileChannel.open(file, options);
        FileChannel ch = FileChannel.open(file, Set.of(options), attributes());
        narrow(file, FILE);
        return ch;
    }

    /** Creates a new, empty file 0600 (fails if it exists). */
    public static void create(Path file) throws IOException {
        if (POSIX) Files.createFile(file, attributes());
        else Files.createFile(file);
    }

    private static FileAttribute<?>[] attributes() {
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)};
    }

    private static void narrow(Path p, Set<PosixFilePermission> wanted) throws IOException {
        if (!wanted.containsAll(Files.getPosixFilePermissions(p))) Files.setPosixFilePermissions(p, wanted);
    }
}
