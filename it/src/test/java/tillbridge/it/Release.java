package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/**
 * The release {@code ./tb dist} makes (docs/install.md), made once per test run by the same
 * function {@code ./tb dist} calls, for the tests that unpack or install it.
 */
record Release(Path tarball, Path deb) {
    private static Release made;

    static synchronized Release get() throws Exception {
        if (made == null) {
            Path out = Programs.HOME.resolve("it/target/release");
            Run r = Run.of(Programs.HOME.resolve("it/target"), 600, List.of("bash", "-c", ". \"$0/bin/lib/dist.sh\" && tb_dist \"$0\" \"$1\"",
                    Programs.HOME.toString(), out.toString()));
            assertThat(r.exit()).as(r.toString()).isZero();
            List<String> files = r.out().lines().toList();
            made = new Release(Path.of(files.get(0)), Path.of(files.get(1)));
        }
        return made;
    }
}
