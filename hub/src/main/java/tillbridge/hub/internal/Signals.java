package tillbridge.hub.internal;

/**
 * Announces committed changes to whoever holds the live connections: a site has something new
 * for its agent (a job, a prompt answer), or a job has a new event for box-office followers.
 *
 * <p>One node: {@link LiveRegistry} implements it in process. Many nodes sharing PostgreSQL would
 * wrap it with a LISTEN/NOTIFY relay (see docs/hub.md); callers do not change.
 */
public interface Signals {
    void siteChanged(String siteId);

    void jobChanged(String jobId);

    Signals NONE = new Signals() {
        @Override
        public void siteChanged(String siteId) {}

        @Override
        public void jobChanged(String jobId) {}
    };
}
