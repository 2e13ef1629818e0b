package tillbridge.hub;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A hub with one tenant and one site: the start of every box-office and registration test. */
abstract class SiteFixture {
    @TempDir
    Path dir;
    TestHub t;
    String key;
    String site;

    @BeforeEach
    void start() throws Exception {
        t = TestHub.start(dir);
        key = t.tenant("venue-co");
        site = t.site(key, "Main hall");
    }

    @AfterEach
    void stop() throws Exception {
        t.close();
    }
}
