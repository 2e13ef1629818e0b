package tillbridge.hub.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tillbridge.contract.InvalidField;
import tillbridge.hub.HubEvents;

/**
 * The one Jetty handler: routes, turns {@link ApiError} (and the stores' and codec's refusals) into {@code {"error": …}} answers and
 * anything else into a logged 500/503. Runs on virtual threads (blocking allowed).
 */
public final class HubHandler extends Handler.Abstract {
    private final Router router;
    private final HubMetrics metrics;
    private final Connector metricsListener;
    private final HubEvents events;
    private final int maxBody;

    /**
     * {@code metricsListener}: the connector that serves {@code /metrics} and {@code /healthz} and
     * nothing else; null: {@code /metrics} is served on the main listener to loopback clients.
     */
    public HubHandler(Router router, HubMetrics metrics, Connector metricsListener, HubEvents events, int maxBody) {
        this.router = router;
        this.metrics = metrics;
        this.metricsListener = metricsListener;
        this.events = events;
        this.maxBody = maxBody;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        boolean onMetricsListener = metricsListener != null && request.getConnectionMetaData().getConnector() == metricsListener;
        Router.Match match = onMetricsListener && !"/healthz".equals(path) ? new Router.Match.Missing() : router.match(method, path == null ? "/" : path);
        Map<String, String> params = match instanceof Router.Match.Found f ? f.params() : Map.of();
        Exchange ex = new Exchange(request, response, callback, params, maxBody);
        Router.Endpoint endpoint = switch (match) {
            case Router.Match.Found f -> f.endpoint();
            case Router.Match.WrongMethod w -> e -> {
                e.header("Allow", w.allowed());
                throw new ApiError(405, method + " is not allowed on " + path + "; allowed: " + w.allowed());
            };
            case Router.Match.Missing m when "/metrics".equals(path) && (metricsListener == null ? ex.fromLoopback() : onMetricsListener) ->
                    e -> e.send(200, HubMetrics.CONTENT_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8));
            case Router.Match.Missing m -> e -> {
                throw ApiError.notFound("endpoint " + method + " " + path + " (see /api/v1/openapi.json)");
            };
        };
        try {
            endpoint.handle(ex);
            if (!ex.answered()) throw new IllegalStateException("endpoint " + method + " " + path + " gave no answer");
        } catch (ApiError | HubException | InvalidField refusal) {
            ApiError e = ApiError.of(refusal);
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
}
