package tillbridge.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the agent reaches the hub: {@code "proxy"} in agent.json (docs/agent.md, "Proxies").
 * Absent, the agent follows its environment ({@code HTTPS_PROXY}, {@code NO_PROXY}, as curl
 * does); {@code "direct"} ignores the environment; {@code "http://[user:password@]host[:port]"}
 * tunnels every hub connection through that proxy with HTTP CONNECT.
 */
public sealed interface ProxySetting {
    /** curl's default when a proxy URL names no port. */
    int DEFAULT_PORT = 1080;

    /** Follow {@code HTTPS_PROXY}/{@code HTTP_PROXY} and {@code NO_PROXY} (upper or lower case). */
    record FromEnvironment() implements ProxySetting {}

    /** Never a proxy, whatever the environment says. */
    record Direct() implements ProxySetting {}

    /** An HTTP proxy that opens tunnels with CONNECT, optionally with Basic credentials. */
    record Via(String host, int port, Optional<String> user, Optional<String> password) implements ProxySetting {
        public Via {
            user = user == null ? Optional.empty() : user;
            password = password == null ? Optional.empty() : password;
        }

        /** The proxy as a person may see it in a log or on screen: the password never appears. */
        public String shown() {
            return "http://" + user.map(u -> u + ":***@").orElse("") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String toString() {
            return shown();
        }
    }

    /**
     * Reads agent.json's {@code proxy}: {@code direct}, or an {@code http://} proxy URL.
     *
     * @throws IllegalArgumentException saying what is wrong, without repeating a password
     */
    static ProxySetting parse(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("direct")) return new Direct();
        return url(t);
    }

    /** An {@code http://[user:password@]host[:port]} proxy URL (a bare {@code host:port} too, as curl takes it). */
    static Via url(String text) {
        String t = text.contains("://") ? text : "http://" + text;
        URI u;
        try {
            u = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a proxy URL (http://host:port): " + e.getReason());
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("the proxy must be an http:// proxy (it opens an encrypted tunnel with CONNECT), was " + scheme + "://");
        }
        if (u.getHost() == null || u.getHost().isBlank()) throw new IllegalArgumentException("the proxy URL names no host: " + hidden(u));
        String path = u.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/") || u.getRawQuery() != null) {
            throw new IllegalArgumentException("a proxy URL is http://[user:password@]host:port, nothing after it: " + hidden(u));
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String info = u.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
            if (colon >= 0) password = Optional.of(decode(info.substring(colon + 1)));
        }
        String host = u.getHost().replace("[", "").replace("]", "");
        return new Via(host, u.getPort() < 0 ? DEFAULT_PORT : u.getPort(), user, password);
    }

    /**
     * The proxy to use for {@code hub}: this setting, or for {@link FromEnvironment} the
     * environment's proxy unless {@code NO_PROXY} names the hub's host.
     *
     * @throws IllegalArgumentException when the environment's proxy URL is unusable, naming the variable
     */
    default Optional<Via> forHub(URI hub, Map<String, String> env) {
        return switch (this) {
            case Direct d -> Optional.empty();
            case Via v -> Optional.of(v);
            case FromEnvironment e -> {
                boolean https = "https".equalsIgnoreCase(hub.getScheme());
                String name = https ? "HTTPS_PROXY" : "HTTP_PROXY";
                String value = variable(env, name);
                if (value == null || value.isBlank() || bypassed(hub.getHost(), variable(env, "NO_PROXY"))) yield Optional.empty();
                try {
                    yield Optional.of(url(value.strip()));
                } catch (IllegalArgumentException x) {
                    throw new IllegalArgumentException(name + " (or " + name.toLowerCase(Locale.ROOT) + "): " + x.getMessage());
                }
            }
        };
    }

    /** The lower-case spelling first, as curl reads it; then the upper-case one. */
    private static String variable(Map<String, String> env, String upper) {
        String lower = env.get(upper.toLowerCase(Locale.ROOT));
        return lower != null ? lower : env.get(upper);
    }

    /**
     * Whether {@code NO_PROXY} (a comma-separated list: {@code *}, host names, domain suffixes with
     * or without a leading dot, literal addresses; an optional {@code :port} is ignored) names
     * {@code host}.
     */
    static boolean bypassed(String host, String noProxy) {
        if (noProxy == null || host == null) return false;
        String h = host.replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
        for (String raw : noProxy.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) continue;
            if (entry.equals("*")) return true;
            if (entry.startsWith("[")) entry = entry.substring(1, Math.max(1, entry.indexOf(']')));
            else if (entry.indexOf(':') == entry.lastIndexOf(':') && entry.indexOf(':') > 0) entry = entry.substring(0, entry.indexOf(':'));
            if (entry.startsWith(".")) entry = entry.substring(1);
            if (h.equals(entry) || h.endsWith("." + entry)) return true;
        }
        return false;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A URL for an error message, without its user info. */
    private static String hidden(URI u) {
        return u.getRawUserInfo() == null ? u.toString() : u.toString().replace(u.getRawUserInfo() + "@", "***@");
    }
}
