package tillbridge.hub;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import tillbridge.hub.internal.AdminApi;
import tillbridge.hub.internal.AdminFile;
import tillbridge.hub.internal.AdmissionGate;
import tillbridge.hub.internal.ApiKeyStore;
import tillbridge.hub.internal.ByListener;
import tillbridge.hub.internal.AgentApi;
import tillbridge.hub.internal.BoxOfficeApi;
import tillbridge.hub.internal.ClusterSignals;
import tillbridge.hub.internal.Db;
import tillbridge.hub.internal.DeliveryStore;
import tillbridge.hub.internal.Health;
import tillbridge.hub.internal.HubMetrics;
import tillbridge.hub.internal.MeteredEvents;
import tillbridge.hub.internal.HubHandler;
import tillbridge.hub.internal.DocumentStore;
import tillbridge.hub.internal.JobStore;
import tillbridge.hub.internal.JsonErrorHandler;
import tillbridge.hub.internal.LiveRegistry;
import tillbridge.hub.internal.PgListener;
import tillbridge.hub.internal.Retention;
import tillbridge.hub.internal.Router;
import tillbridge.hub.internal.Secrets;
import tillbridge.hub.internal.Signals;
import tillbridge.hub.internal.SiteRemoval;
import tillbridge.hub.internal.SiteStore;
import tillbridge.hub.internal.TenantStore;

/** A running hub: Jetty (core handlers, virtual threads) in front of the store. Close to stop. */
public final class Hub implements AutoCloseable {
    /** How often a node on PostgreSQL looks for items whose announcement it may have missed. */
    static final Duration SWEEP = Duration.ofSeconds(10);
    private final Server server;
    private final ServerConnector connector;
    private final Db db;
    private final LiveRegistry live;
    private final ScheduledExecutorService timer;
    private final ExecutorService virtual;
    private final boolean tls;
    private final AdminFile adminFile;
    private final ServerConnector adminConnector;
    private final PgListener listener;
    private final ServerConnector metricsConnector;

    private Hub(Server server, ServerConnector connector, ServerConnector metricsConnector, Db db, LiveRegistry live, ScheduledExecutorService timer,
                ExecutorService virtual, boolean tls, ServerConnector adminConnector, AdminFile adminFile, PgListener listener) {
        this.adminConnector = adminConnector;
        this.adminFile = adminFile;
        this.listener = listener;
        this.metricsConnector = metricsConnector;
        this.server = server;
        this.connector = connector;
        this.db = db;
        this.live = live;
        this.timer = timer;
        this.virtual = virtual;
        this.tls = tls;
    }

    /**
     * Opens the store (migrating it), binds and starts serving. Throws IllegalArgumentException
     * for a configuration the hub refuses (plain HTTP on a non-loopback address without
     * {@code insecureHttp}), and other exceptions when the environment fails.
     */
    public static Hub start(HubConfig cfg) throws Exception {
        if (cfg.tls().isEmpty() && !cfg.insecureHttp() && !isLoopback(cfg.host())) {
            throw new IllegalArgumentException("refusing plain HTTP on non-loopback address " + cfg.host()
                    + ": give --tls-keystore (TLS on every hop that leaves the machine) or --insecure-http");
        }
        // whole microseconds: what both H2 and PostgreSQL store, so read-backs equal what was returned
        cfg = cfg.withClock(Clock.tick(cfg.clock(), Duration.ofNanos(1000)));
        HubConfig.Listen metricsAt = cfg.ops().metrics();
        if (metricsAt != null && !cfg.insecureHttp() && !isLoopback(metricsAt.host())) {
            throw new IllegalArgumentException("refusing to serve metrics on non-loopback address " + metricsAt.host()
                    + " (plain HTTP, no authentication): bind it to loopback, or give --insecure-http for a private network");
        }
        HubConfig.Admin adminCfg = cfg.ops().admin();
        HubConfig.Listen adminAt = adminCfg.listen() != null ? adminCfg.listen() : new HubConfig.Listen(InetAddress.getLoopbackAddress().getHostAddress(), 0);
        if (!cfg.insecureHttp() && !isLoopback(adminAt.host())) {
            throw new IllegalArgumentException("refusing to serve the admin endpoint on non-loopback address " + adminAt.host()
                    + " (plain HTTP): bind it to loopback, or give --insecure-http for a private network");
        }
        String node = nodeName(cfg);
        HubMetrics metrics = new HubMetrics(node);
        HubEvents events = new MeteredEvents(cfg.events(), metrics.registry());
        Db db = Db.open(cfg.db(), cfg.dbPoolSize(), metrics.registry());
        ExecutorService virtual = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hub-vt-", 0).factory());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-timer");
            t.setDaemon(true);
            return t;
        });
        LiveRegistry live = new LiveRegistry(timer, events, cfg.clock(), cfg.timings().deadAfter(cfg.timings().pingDefault()));
        TenantStore tenants = new TenantStore(db, cfg.clock());
        SiteStore sites = new SiteStore(db, cfg.clock());
        // several nodes on one PostgreSQL database hear each other's changes; H2 is one process
        String channel = cfg.db() instanceof DbTarget.Postgres pg ? ClusterSignals.channel(pg) : null;
        String processId = Secrets.id("node");
        Signals signals = channel == null ? live : new ClusterSignals(live, db, channel, processId);
        JobStore jobs = new JobStore(db, cfg.clock(), signals);
        DeliveryStore deliveries = new DeliveryStore(db, cfg.clock(), signals);
        PgListener listener = cfg.db() instanceof DbTarget.Postgres pg
                ? PgListener.start(pg, channel, processId, live, deliveries, SWEEP, cfg.clock()) : null;
        Router router = new Router();
        DocumentStore documents = new DocumentStore(db, cfg.clock());
        new BoxOfficeApi(tenants, sites, jobs, documents, live, cfg.timings(), events, virtual).routes(router);
        AdmissionGate admission = new AdmissionGate(cfg.admission(), new SplittableRandom(), System.nanoTime());
        new AgentApi(sites, jobs, deliveries, documents, live, cfg.timings(), events, virtual, timer, cfg.clock(), admission).routes(router);
        new Health(node, db, Optional.ofNullable(listener), virtual).routes(router);
        metrics.live(live);
        metrics.jobs(db, virtual);
        if (listener != null) metrics.cluster(listener, (ClusterSignals) signals);
        SiteRemoval removal = new SiteRemoval(db, cfg.clock(), signals, sites);
        Retention retention = new Retention(db, cfg.clock(), adminCfg.keepJobs(), node + " " + processId, removal);
        String adminToken = adminCfg.token() != null ? adminCfg.token() : Secrets.token();
        Router adminRouter = new Router();
        new AdminApi(adminToken, tenants, tenants.keys(), removal, retention, cfg.clock()).routes(adminRouter);

        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("hub-jetty");
        pool.setVirtualThreadsExecutor(virtual);
        Server server = new Server(pool);
        server.setStopTimeout(Duration.ofSeconds(5).toMillis());
        HttpConfiguration hc = new HttpConfiguration();
        hc.setSendServerVersion(false);
        hc.setSendDateHeader(false);
        ServerConnector connector;
        if (cfg.tls().isPresent()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(cfg.tls().get().keyStore().toAbsolutePath().toString());
            ssl.setKeyStorePassword(cfg.tls().get().password());
            SecureRequestCustomizer src = new SecureRequestCustomizer();
            src.setSniHostCheck(false);
            hc.addCustomizer(src);
            connector = new ServerConnector(server, ssl, new HttpConnectionFactory(hc));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(hc));
        }
        connector.setHost(cfg.host());
        connector.setPort(cfg.port());
        connector.setIdleTimeout(Duration.ofSeconds(30).toMillis());
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        ServerConnector metricsConnector = null;
        if (metricsAt != null) {
            metricsConnector = new ServerConnector(server, new HttpConnectionFactory(hc));
            metricsConnector.setName("metrics");
            metricsConnector.setHost(metricsAt.host());
            metricsConnector.setPort(metricsAt.port());
            server.addConnector(metricsConnector);
        }
        ServerConnector adminConnector = new ServerConnector(server, new HttpConnectionFactory(hc));
        adminConnector.setName("admin");
        adminConnector.setHost(adminAt.host());
        adminConnector.setPort(adminAt.port());
        server.addConnector(adminConnector);
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(new ByListener(adminConnector, new HubHandler(adminRouter, metrics, null, events, cfg.maxBodyBytes()),
                new HubHandler(router, metrics, metricsConnector, events, cfg.maxBodyBytes())));
        AdminFile adminFile = null;   // written last: nothing that can fail comes after it
        try {
            server.start();
            timer.scheduleWithFixedDelay(() -> virtual.execute(retention::scheduled), Retention.TICK.toMillis(), Retention.TICK.toMillis(),
                    TimeUnit.MILLISECONDS);
            long every = ApiKeyStore.USE_WRITTEN_EVERY.toMillis();
            timer.scheduleWithFixedDelay(() -> virtual.execute(tenants.keys()::writeUseOrLog), every, every,
                    TimeUnit.MILLISECONDS);
            // `hub admin --data DIR` finds the endpoint there (on H2 the CLI could not open the store anyway: H2 admits one process)
            Path adminDir = adminCfg.dir() != null ? adminCfg.dir() : cfg.db() instanceof DbTarget.H2File h2 ? h2.dir() : null;
            if (adminDir != null) adminFile = AdminFile.write(adminDir, new AdminFile.Endpoint(url("http://", adminConnector), adminToken));
        } catch (Exception e) {
            server.stop();
            if (listener != null) listener.close();
            timer.shutdownNow();
            virtual.shutdownNow();
            db.close();
            throw e;
        }
        Hub hub = new Hub(server, connector, metricsConnector, db, live, timer, virtual, cfg.tls().isPresent(), adminConnector, adminFile, listener);
        events.started(hub.url(), cfg.db().describe());
        return hub;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public String url() {
        return url(tls ? "https://" : "http://", connector);
    }

    /** The admin endpoint's address ({@code hub admin --admin URL}). */
    public String adminUrl() {
        return url("http://", adminConnector);
    }

    private static String url(String scheme, ServerConnector c) {
        String h = c.getHost();
        if (h.contains(":")) h = "[" + h + "]";
        return scheme + h + ":" + c.getLocalPort();
    }

    /** The port of the metrics listener, or -1 when /metrics is served on the main one. */
    public int metricsPort() {
        return metricsConnector == null ? -1 : metricsConnector.getLocalPort();
    }

    /** Open agent streams on this node. */
    public int streams() {
        return live.streamCount();
    }

    /** Long polls waiting on this node. */
    public int polls() {
        return live.pollCount();
    }

    /** Ends open streams, stops Jetty (5 s grace) and closes the store. */
    @Override
    public void close() {
        if (adminFile != null) adminFile.close();
        live.closeAll();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly: " + e, e);
        } finally {
            if (listener != null) listener.close();
            timer.shutdownNow();
            virtual.shutdownNow();
            db.close();
        }
    }

    /** The configured name, else host name and port: unique among nodes without configuring anything. */
    static String nodeName(HubConfig cfg) {
        if (cfg.ops().node() != null) return cfg.ops().node();
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + cfg.port();
        } catch (UnknownHostException e) {
            return "localhost:" + cfg.port();
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve listen address '" + host + "'");
        }
    }
}
