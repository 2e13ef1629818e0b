package tillbridge.hub.internal;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * Requests that came in on one listener go to their own handler, every other request to the
 * wrapped one: the admin endpoint's routes exist on the admin listener only, so no request from
 * the box offices' and agents' side ever reaches them, whatever its path.
 */
public final class ByListener extends Handler.Wrapper {
    private final Connector listener;
    private final Handler own;

    public ByListener(Connector listener, Handler own, Handler others) {
        super(others);
        this.listener = listener;
        this.own = own;
        addBean(own);
    }

    @Override
    public void setServer(Server server) {
        super.setServer(server);
        own.setServer(server);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getConnectionMetaData().getConnector() == listener) return own.handle(request, response, callback);
        return super.handle(request, response, callback);
    }
}
