package tillbridge.hub;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A hub with one tenant, one site and a registered agent: the start of every agent-API test. */
abstract class RegisteredAgentFixture {
    @TempDir
    Path dir;
    TestHub t;
    String key;
    String site;
    String token;

    @BeforeEach
    void start() throws Exception {
        t = TestHub.start(dir);
        key = t.tenant("venue-co");
        site = t.site(key, "Main hall");
        token = t.agent(key, site);
    }

    @AfterEach
    void stop() throws Exception {
        t.close();
    }
}
