package tillbridge.hub;

import org.junit.jupiter.api.BeforeEach;

/** {@link SiteFixture} with an agent registered for the site: the start of every agent-API test. */
abstract class RegisteredAgentFixture extends SiteFixture {
    String token;

    @BeforeEach
    void registerAgent() throws Exception {
        token = t.agent(key, site);
    }
}
