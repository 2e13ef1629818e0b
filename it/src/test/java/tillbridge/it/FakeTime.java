package tillbridge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A resume from sleep as a program sees it: its wall clock leaps ahead while its monotonic clock
 * does not. Debian's libfaketime, preloaded, reads the wall clock's offset from a file the test
 * rewrites while the program runs, and leaves the monotonic clock alone (bin/lib/deps.sh installs
 * the faketime package).
 */
final class FakeTime {
    private final Path offset;

    private FakeTime(Path offset) {
        this.offset = offset;
    }

    /** Preloads libfaketime into a program started with {@code env}; the offset starts at zero. */
    static FakeTime preload(Path dir, Map<String, String> env) throws IOException {
        Path offset = dir.resolve("faketime-offset");
        Files.writeString(offset, "+0\n");
        env.put("LD_PRELOAD", library().toString());
        env.put("FAKETIME_TIMESTAMP_FILE", offset.toString());
        env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        env.put("FAKETIME_CACHE_DURATION", "1");
        return new FakeTime(offset);
    }

    /** The program's wall clock runs {@code seconds} ahead from now on (within a second). */
    void leapAhead(int seconds) throws IOException {
        Files.writeString(offset, "+" + seconds + "\n");
    }

    private static Path library() throws IOException {
        try (Stream<Path> libs = Files.list(Path.of("/usr/lib"))) {
            return libs.map(d -> d.resolve("faketime/libfaketimeMT.so.1")).filter(Files::exists).findFirst()
                    .orElseThrow(() -> new AssertionError("libfaketime is not installed: apt-get install faketime"));
        }
    }
}
