package tillbridge.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** tillbridge's version, the same for every program: the Maven project version, written into a resource at build time. */
public final class Version {
    /** e.g. "0.1.0" or "0.2.0-SNAPSHOT". */
    public static final String NUMBER = read();

    private Version() {}

    /** What {@code --version} prints: "frob 0.1.0". */
    public static String of(String program) {
        return program + " " + NUMBER;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.txt")) {
            if (in == null) throw new IllegalStateException("tillbridge/common/version.txt is missing from the common jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
