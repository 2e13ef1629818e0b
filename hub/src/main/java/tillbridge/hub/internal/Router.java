package tillbridge.hub.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Maps method + path (with {@code {name}} segments) to endpoints. */
public final class Router {
    /** An endpoint: answers the exchange, or turns it into a stream. May block (runs on a virtual thread). */
    @FunctionalInterface
    public interface Endpoint {
        void handle(Exchange ex) throws Exception;
    }

    public sealed interface Match {
        record Found(Endpoint endpoint, Map<String, String> params) implements Match {}

        record WrongMethod(String allowed) implements Match {}

        record Missing() implements Match {}
    }

    private record Route(String method, String[] segments, Endpoint endpoint) {}

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String pattern, Endpoint endpoint) {
        routes.add(new Route(method, split(pattern), endpoint));
        return this;
    }

    /** Every route as {@code METHOD /pattern}, in the order added. */
    public List<String> routes() {
        return routes.stream().map(r -> r.method + " /" + String.join("/", r.segments)).toList();
    }

    public Match match(String method, String path) {
        String[] segs = split(path);
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = bind(r.segments, segs);
            if (params == null) continue;
            if (r.method.equals(method)) return new Match.Found(r.endpoint, params);
            allowed.add(r.method);
        }
        return allowed.isEmpty() ? new Match.Missing() : new Match.WrongMethod(String.join(", ", allowed));
    }

    private static Map<String, String> bind(String[] pattern, String[] path) {
        if (pattern.length != path.length) return null;
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{")) {
                if (!isId(path[i])) return null;
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    /** Ids in paths: 1..64 visible characters, so that no id reaches a query or a log unbounded or with controls. */
    private static boolean isId(String s) {
        if (s.isEmpty() || s.length() > 64) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) || Character.isWhitespace(c)) return false;
        }
        return true;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.split("/", -1);
    }
}
