package tillbridge.agent.ui;

import java.util.Locale;
import java.util.Optional;

/**
 * Which requests the status page's server answers. Every request must name this server in
 * {@code Host} by a literal address or {@code localhost} with the right port: a page of another
 * site cannot reach the agent through a DNS name it points at 127.0.0.1. A state-changing request
 * must also carry the per-install secret ({@link UiSecret}), and its {@code Origin}, when the
 * browser sends one, must be this server.
 */
final class UiGuard {
    private UiGuard() {}

    /** Why the request is refused (403), or empty when it may go on. */
    static Optional<String> refusal(String method, String host, String origin, String secretGiven, UiSecret secret, int port) {
        if (host == null || !hostAllowed(host, port)) return Optional.of("unexpected Host header");
        if (method.equals("GET") || method.equals("HEAD")) return Optional.empty();
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) return Optional.of("request from another origin");
        if (!secret.matches(secretGiven)) return Optional.of("the request does not carry this agent's secret");
        return Optional.empty();
    }

    static boolean hostAllowed(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon < 0 || h.endsWith("]")) return false; // browsers always send the port for a non-default one
        if (!h.substring(colon + 1).equals(Integer.toString(port))) return false;
        String name = h.substring(0, colon);
        return name.equals("localhost") || name.matches("[0-9.]+") || name.startsWith("[") && name.endsWith("]");
    }
}
