package tillbridge.hub.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tillbridge.hub.HubEvents;

/**
 * The one Jetty handler: routes, turns {@link ApiError} into {@code {"error": …}} answers and
 * anything else into a logged 500/503. Runs on virtual threads (blocking allowed).
 */
public final class HubHandler extends Handler.Abstract {
    private final Router router;
    private final LiveRegistry live;
    private final HubEvents events;
    private final int maxBody;

    public HubHandler(Router router, LiveRegistry live, HubEvents events, int maxBody) {
        this.router = router;
        this.live = live;
        this.events = events;
        this.maxBody = maxBody;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        Router.Match match = router.match(method, path == null ? "/" : path);
        Map<String, String> params = match instanceof Router.Match.Found f ? f.params() : Map.of();
        Exchange ex = new Exchange(request, response, callback, params, maxBody);
        Router.Endpoint endpoint = switch (match) {
            case Router.Match.Found f -> f.endpoint();
            case Router.Match.WrongMethod w -> e -> {
                e.header("Allow", w.allowed());
                throw new ApiError(405, method + " is not allowed on " + path + "; allowed: " + w.allowed());
            };
            case Router.Match.Missing m when "/metrics".equals(path) && ex.fromLoopback() ->
                    e -> e.send(200, "text/plain; version=0.0.4", metrics().getBytes(StandardCharsets.UTF_8));
            case Router.Match.Missing m -> e -> {
                throw ApiError.notFound("endpoint " + method + " " + path + " (see /api/v1/openapi.json)");
            };
        };
        try {
            endpoint.handle(ex);
            if (!ex.answered()) throw new IllegalStateException("endpoint " + method + " " + path + " gave no answer");
        } catch (ApiError e) {
            events.refused(method, path, ex.remote(), e.status(), e.getMessage());
            if (!ex.answered()) ex.error(e);
        } catch (Db.Failure e) {
            events.failed(method, path, e);
            if (!ex.answered()) ex.error(new ApiError(503, "the hub's database is unavailable; try again later"));
        } catch (Exception e) {
            events.failed(method, path, e);
            if (!ex.answered()) ex.error(new ApiError(500, "internal error in the hub; it was logged"));
        }
        return true;
    }

    /** Loopback-only text metrics: live connection counts and heap. */
    private String metrics() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return "hub_agent_streams " + live.streamCount() + "\n"
                + "hub_long_polls " + live.pollCount() + "\n"
                + "hub_job_followers " + live.followerCount() + "\n"
                + "hub_heap_used_bytes " + heap.getUsed() + "\n"
                + "hub_heap_committed_bytes " + heap.getCommitted() + "\n"
                + "hub_heap_max_bytes " + heap.getMax() + "\n";
    }
}
