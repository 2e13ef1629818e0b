package tillbridge.hub;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tillbridge.common.Version;
import tillbridge.common.io.Exit;
import tillbridge.common.io.Problems;
import tillbridge.common.io.Readiness;
import tillbridge.hub.internal.AdminClient;
import tillbridge.hub.internal.AdminFile;
import tillbridge.hub.internal.Db;
import tillbridge.hub.internal.LoggingHubEvents;
import tillbridge.hub.internal.Model;
import tillbridge.hub.internal.Retention;
import tillbridge.hub.internal.TenantStore;

/**
 * {@code hub serve …} runs the hub; {@code hub tenant create NAME} adds a tenant and prints its
 * API key once; {@code hub admin …} operates a running hub ({@link AdminCommands}). Exit codes: 0
 * ok, 100 usage, 101 bug, 111 environment (bind, database, a hub that does not answer).
 */
@Command(name = "hub", mixinStandardHelpOptions = true,
        description = "tillbridge hub: box-office job API and agent streams.",
        subcommands = {Main.Serve.class, Main.TenantCmd.class, AdminCommands.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: serve, tenant or admin");
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        versions(cl, Version.of("hub"));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || Problems.wrongPassword(e)) { // a key store that does not open is configuration
                cmd.getErr().println("hub: " + (e instanceof IllegalArgumentException ? e.getMessage() : "--tls-keystore: " + Problems.describe(e)));
                return Exit.USAGE.code;
            }
            cmd.getErr().println("hub: " + Problems.describe(e));
            return environmental(e) || !(e instanceof RuntimeException) ? Exit.SYSTEM.code : Exit.BUG.code;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("hub: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return Exit.USAGE.code;
        });
        System.exit(cl.execute(args));
    }

    /** The same --version for the command and each of its subcommands. */
    private static void versions(CommandLine cl, String version) {
        cl.getCommandSpec().version(version);
        for (CommandLine sub : cl.getSubcommands().values()) versions(sub, version);
    }

    /** The first line of a file that holds a secret ({@code option} names it in errors). */
    static String firstLine(Path file, String option) throws IOException {
        if (!Files.isReadable(file)) throw new IllegalArgumentException(option + " " + file + " is not a readable file");
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().orElse("").strip();
        }
    }

    /** An I/O or database failure somewhere in the cause chain: the environment, not a bug. */
    static boolean environmental(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof java.sql.SQLException || t instanceof Db.Failure) return true;
        }
        return false;
    }

    /** Options shared by every command: the store and the log level. */
    static final class Common {
        @Option(names = "--data", paramLabel = "DIR", description = "H2 data directory (default ./hub-data)")
        Path data = Path.of("hub-data");

        @Option(names = "--db", paramLabel = "URL", description = "postgresql://[user[:password]@]host[:port]/db[?schema=NAME] instead of H2")
        String db;

        @Option(names = {"-v", "--verbose"}, description = "log debug detail (every stream and delivery)")
        boolean verbose;

        @Option(names = {"-q", "--quiet"}, description = "log warnings and errors only")
        boolean quiet;

        DbTarget target() {
            return db == null ? new DbTarget.H2File(data) : DbTarget.parsePostgres(db);
        }

        void logging() {
            System.setProperty("HUB_LOG_LEVEL", verbose ? "DEBUG" : quiet ? "WARN" : "INFO");
            System.setProperty("HUB_LIB_LOG_LEVEL", verbose ? "INFO" : "WARN");
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the hub until SIGTERM/SIGINT.")
    static final class Serve implements java.util.concurrent.Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--listen", paramLabel = "HOST:PORT", description = "address to bind (default ${DEFAULT-VALUE})")
        String listen = "127.0.0.1:8443";

        @Option(names = "--tls-keystore", paramLabel = "PATH", description = "PKCS#12 key store: serve HTTPS")
        Path keystore;

        @Option(names = "--tls-password", paramLabel = "PASSWORD", description = "key store password (visible in ps; prefer --tls-password-file)")
        String password;

        @Option(names = "--tls-password-file", paramLabel = "FILE", description = "file whose first line is the key store password")
        Path passwordFile;

        @Option(names = "--insecure-http", description = "allow plain HTTP on a non-loopback address")
        boolean insecureHttp;

        @Option(names = "--notify-fd", paramLabel = "N", description = "write one newline to this descriptor when ready")
        Integer notifyFd;

        @Option(names = "--ping-default", paramLabel = "SECONDS", description = "agent ping period when the agent asks none (default 120)")
        int pingDefault = 120;

        @Option(names = "--ping-min", paramLabel = "SECONDS", description = "smallest ping period an agent may ask (default 5)")
        int pingMin = 5;

        @Option(names = "--poll-timeout", paramLabel = "SECONDS", description = "long poll answers empty after this (default 110)")
        int pollTimeout = 110;

        @Option(names = "--db-pool", paramLabel = "N", description = "database connections (default ${DEFAULT-VALUE})")
        int dbPool = HubConfig.DB_POOL;

        @Option(names = "--node", paramLabel = "NAME", description = "this node's name in /healthz and metrics (default host name:port)")
        String node;

        @Option(names = "--metrics-listen", paramLabel = "HOST:PORT",
                description = "serve /metrics (and /healthz) here only, plain HTTP; default: /metrics on --listen for loopback clients")
        String metricsListen;

        @Option(names = "--code-validity", paramLabel = "SECONDS", description = "registration codes expire after this (default 86400 = 24 h)")
        long codeValidity = 86_400;

        @Option(names = "--admin-listen", paramLabel = "HOST:PORT",
                description = "the admin endpoint ('hub admin'), plain HTTP, loopback unless --insecure-http (default: a free loopback port, written to DIR/admin.json)")
        String adminListen;

        @Option(names = "--admin-token-file", paramLabel = "FILE", description = "file whose first line is the admin token (32..200 characters; default: a random one in DIR/admin.json)")
        Path adminTokenFile;

        @Option(names = "--keep-jobs-days", paramLabel = "N", description = "done and failed jobs are pruned N days after they ended (default ${DEFAULT-VALUE}; 0: never)")
        long keepJobsDays = Retention.DEFAULT_DAYS;

        @Option(names = "--admit-rate", paramLabel = "N", description = "agent (re)connections set up per second; beyond: 503 with Retry-After (default ${DEFAULT-VALUE})")
        int admitRate = Admission.RATE;

        @Option(names = "--admit-concurrent", paramLabel = "N", description = "agent (re)connections set up at once; beyond: 503 with Retry-After (default: --db-pool)")
        Integer admitConcurrent;

        @Option(names = "--retry-after-max", paramLabel = "SECONDS", description = "longest Retry-After told to a refused agent (default ${DEFAULT-VALUE})")
        int retryAfterMax = Admission.RETRY_AFTER_MAX;

        @Override
        public Integer call() throws Exception {
            common.logging();   // before anything logs: the first logger fixes the level
            Readiness readiness;
            try {
                readiness = Readiness.claim(notifyFd);
            } catch (Readiness.Refused e) {
                System.err.println("hub: " + e.getMessage());
                return Exit.USAGE.code;
            }
            HubConfig.Listen main = HubConfig.Listen.parse("--listen", listen);
            HubConfig.Listen metrics = metricsListen == null ? null : HubConfig.Listen.parse("--metrics-listen", metricsListen);
            if (codeValidity < 1) throw new IllegalArgumentException("--code-validity must be >= 1 second, was " + codeValidity);
            Timings d = Timings.defaults();
            Timings t = new Timings(Duration.ofSeconds(pingDefault), Duration.ofSeconds(pingMin), d.pingMax(), d.deadAfter(),
                    Duration.ofSeconds(pollTimeout), d.followerPing(), Duration.ofSeconds(codeValidity));
            HubConfig.Admin admin = new HubConfig.Admin(adminListen == null ? null : HubConfig.Listen.parse("--admin-listen", adminListen),
                    adminTokenFile == null ? null : firstLine(adminTokenFile, "--admin-token-file"), common.data, Duration.ofDays(keepJobsDays));
            HubConfig cfg = new HubConfig(main.host(), main.port(), common.target(), tls(), insecureHttp, t, HubConfig.MAX_BODY_BYTES, dbPool,
                    Clock.systemUTC(), new LoggingHubEvents(), new HubConfig.Ops(node, metrics, admin),
                    new Admission(admitRate, admitConcurrent == null ? dbPool : admitConcurrent, retryAfterMax));
            Hub hub = Hub.start(cfg);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    hub.close();
                } catch (Exception e) {
                    System.err.println("hub: error while stopping: " + e);
                } finally {
                    stopped.countDown();
                }
            }, "hub-stop"));
            readiness.ready();
            stopped.await();
            return Exit.OK.code;
        }

        private Optional<HubConfig.Tls> tls() throws IOException {
            if (keystore == null) {
                if (password != null || passwordFile != null) throw new IllegalArgumentException("--tls-password needs --tls-keystore");
                return Optional.empty();
            }
            if (!Files.isReadable(keystore)) throw new IllegalArgumentException("--tls-keystore " + keystore + " is not a readable file");
            String pw = password;
            if (passwordFile != null) pw = firstLine(passwordFile, "--tls-password-file");
            if (pw == null) throw new IllegalArgumentException("--tls-keystore needs --tls-password or --tls-password-file");
            return Optional.of(new HubConfig.Tls(keystore, pw));
        }
    }

    @Command(name = "tenant", mixinStandardHelpOptions = true, description = "Manage tenants.", subcommands = TenantCreate.class)
    static final class TenantCmd implements Runnable {
        @Override
        public void run() {
            throw new CommandLine.ParameterException(new CommandLine(this), "a tenant command is required: create");
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a tenant; prints its API key once on stdout (only its SHA-256 is stored).")
    static final class TenantCreate implements java.util.concurrent.Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(paramLabel = "NAME", description = "tenant name (unique, 1..200 characters)")
        String name;

        @Override
        public Integer call() throws Exception {
            common.logging();
            TenantStore.Created c = create();
            System.err.println("hub: tenant '" + name + "' created as " + c.tenant().id() + "; its API key follows on stdout and is not shown again");
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            out.println(c.apiKey());
            out.flush();
            return Exit.OK.code;
        }

        /** In the store directly, or through the running hub when it holds the H2 file (as 'hub admin tenant create' does). */
        private TenantStore.Created create() throws Exception {
            try (Db db = Db.open(common.target(), 2)) {
                return new TenantStore(db, Clock.systemUTC()).create(name);
            } catch (RuntimeException e) {
                if (!(common.target() instanceof DbTarget.H2File h2) || !h2InUse(e)) throw e;
                var t = new AdminClient(AdminFile.read(h2.dir())).createTenant(name);
                return new TenantStore.Created(new Model.Tenant(t.path("id").asText(), name), t.path("api_key").asText());
            }
        }

        /** H2's "database may be already in use" (error 90020): another process holds the file. */
        private static boolean h2InUse(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.sql.SQLException s && s.getErrorCode() == 90020) return true;
            }
            return false;
        }
    }
}
