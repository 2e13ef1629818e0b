package tillbridge.agent;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import tillbridge.agent.internal.HubClient;
import tillbridge.agent.internal.HubClient.HubException;
import tillbridge.common.io.Exit;

/**
 * Exchanging a registration code for the site id and agent token, and keeping them: the same for
 * {@code agent register} and the status page's form.
 */
final class Registering {
    private Registering() {}

    /** The hub could not be reached or refused; the message says so in words a person can act on. */
    static final class Refused extends Exception {
        final int exit;

        Refused(String message, int exit) {
            super(message);
            this.exit = exit;
        }
    }

    /**
     * Registers with the hub at {@code hub}, stores the credentials (0600) and sets {@code hub}
     * (and {@code trust_store}, {@code proxy}) in {@code agent.json}; returns the site id.
     *
     * @throws IllegalArgumentException the hub URL or proxy is not acceptable
     */
    static String register(Path dir, String hub, String code, Optional<Path> trustStore, Optional<String> proxy)
            throws Refused, IOException, InterruptedException {
        URI base = AgentConfig.hubUri(hub);
        ProxySetting via = proxy.isEmpty() ? new ProxySetting.FromEnvironment() : ProxySetting.parse(proxy.get());
        HubClient.Registration reg;
        try {
            reg = HubClient.register(HubClient.http(trustStore, via.forHub(base, System.getenv())), base, code.trim(), Agent.VERSION);
        } catch (HubException e) {
            if (e.status() == 0) throw new Refused(e.getMessage(), Exit.SYSTEM.code);
            if (e.status() >= 500) throw new Refused("the hub at " + base + " failed: " + e.getMessage() + "; try again later", Exit.SYSTEM.code);
            throw new Refused("registration refused by " + base + ": " + e.getMessage(), Exit.PEER_FAILED.code);
        }
        new Credentials(reg.siteId(), reg.token()).store(dir);
        AgentConfig.setHub(dir, base, trustStore, proxy.map(String::strip));
        return reg.siteId();
    }
}
