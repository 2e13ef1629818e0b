package tillbridge.hub.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Announces committed changes to whoever holds the live connections: a site has something new
 * for its agent (a job, a prompt answer), a job has a new event for box-office followers, or an
 * agent opened a new connection (which supersedes its older ones, wherever they are).
 *
 * <p>One node: {@link LiveRegistry} implements it in process. Several nodes sharing PostgreSQL:
 * {@link ClusterSignals} also announces each change to the other nodes (LISTEN/NOTIFY); callers
 * do not change.
 */
public interface Signals {
    void siteChanged(String siteId);

    void jobChanged(String jobId);

    /** Connection number {@code connection} of the site's agent opened; older ones must end. */
    void siteConnected(String siteId, long connection);

    /**
     * The other nodes' part of {@link #siteConnected}, inside the transaction {@code c} that
     * numbered the connection (sent if and when it commits): a reconnecting agent then costs one
     * committed transaction, not two. After the commit the caller calls {@link #siteConnectedHere}.
     */
    default void announceConnected(Connection c, String siteId, long connection) throws SQLException {}

    /** This node's part of {@link #siteConnected}, once {@link #announceConnected} has committed. */
    default void siteConnectedHere(String siteId, long connection) {
        siteConnected(siteId, connection);
    }

    Signals NONE = new Signals() {
        @Override
        public void siteChanged(String siteId) {}

        @Override
        public void jobChanged(String jobId) {}

        @Override
        public void siteConnected(String siteId, long connection) {}
    };
}
