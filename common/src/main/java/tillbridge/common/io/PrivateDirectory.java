package tillbridge.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The directory of a file holding a program's state (a journal of payments): made when missing,
 * readable by its owner only (0700), as the transactions in it are nobody else's business. An
 * existing directory is left as it is.
 */
public final class PrivateDirectory {
    private PrivateDirectory() {}

    /** Creates the missing directories above {@code file}, each with mode 0700. */
    public static void forFile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || Files.isDirectory(dir)) return;
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new IOException("cannot create the directory of " + file + ": " + Problems.describe(e), e);
        }
    }
}
