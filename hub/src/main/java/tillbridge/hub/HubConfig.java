package tillbridge.hub;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a hub needs to run.
 *
 * @param host         address to bind (a loopback address unless TLS or {@code insecureHttp})
 * @param port         TCP port; 0 picks a free one
 * @param db           where data lives
 * @param tls          HTTPS key store; empty serves plain HTTP
 * @param insecureHttp allow plain HTTP on a non-loopback address
 * @param timings      pings, timeouts, code validity
 * @param maxBodyBytes largest request body accepted (64 KiB)
 * @param dbPoolSize   database connections
 * @param clock        wall clock (tests pass their own)
 * @param events       what happens, for logs
 * @param ops          the node's name and where its metrics are served
 * @param admission    how many agent (re)connections are set up a second and at once
 */
public record HubConfig(String host, int port, DbTarget db, Optional<Tls> tls, boolean insecureHttp, Timings timings,
                        int maxBodyBytes, int dbPoolSize, Clock clock, HubEvents events, Ops ops, Admission admission) {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Database connections of a node unless configured. */
    public static final int DB_POOL = 16;

    /** A PKCS#12 (or JKS) key store holding the server key and certificate chain. */
    public record Tls(Path keyStore, String password) {
        public Tls {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Tls[" + keyStore + ", password=<hidden>]";
        }
    }

    /**
     * How the node shows itself to operators.
     *
     * @param node    its name in /healthz and on every metric; null: host name and port
     * @param metrics where {@code /metrics} is served (plain HTTP, with {@code /healthz}); null: on
     *                the main listener, to loopback clients only (see docs/operations.md)
     * @param admin   the admin endpoint and job retention
     */
    public record Ops(String node, Listen metrics, Admin admin) {
        public static final Ops DEFAULTS = new Ops(null, null);

        public Ops {
            Objects.requireNonNull(admin, "admin");
            if (node != null && !node.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")) {
                throw new IllegalArgumentException("--node must be 1-64 of letters, digits and . _ : - (starting with a letter or digit), was '" + node + "'");
            }
        }

        public Ops(String node, Listen metrics) {
            this(node, metrics, Admin.DEFAULTS);
        }
    }

    /**
     * The admin endpoint ({@code hub admin …}, plain HTTP) and job retention.
     *
     * @param listen    where it listens; null: a free loopback port
     * @param token     the secret its callers give; null: a random one
     * @param dir       where {@code admin.json} (its address and token) is written; null: the H2
     *                  data directory, or nowhere on PostgreSQL
     * @param keepJobs  done and failed jobs are pruned this long after they ended; zero: never
     */
    public record Admin(Listen listen, String token, Path dir, Duration keepJobs) {
        public static final Admin DEFAULTS = new Admin(null, null, null, Duration.ofDays(90));

        public Admin {
            Objects.requireNonNull(keepJobs, "keepJobs");
            if (keepJobs.isNegative() || keepJobs.toDays() > 36_600) {
                throw new IllegalArgumentException("--keep-jobs-days must be 0..36600, was " + keepJobs.toDays());
            }
            if (token != null && !token.matches("[\\x21-\\x7e]{32,200}")) {
                throw new IllegalArgumentException("the admin token must be 32..200 visible ASCII characters (no spaces)");
            }
        }

        @Override
        public String toString() {
            return "Admin[" + listen + ", token=<hidden>, " + dir + ", keepJobs=" + keepJobs + "]";
        }
    }

    /** An address to bind. */
    public record Listen(String host, int port) {
        /** {@code HOST:PORT} (or {@code tcp:HOST:PORT}, {@code [v6]:PORT}); {@code option} names it in errors. */
        public static Listen parse(String option, String value) {
            String v = value.startsWith("tcp:") ? value.substring(4) : value; // the form the other programs also take
            int colon = v.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException(option + " must be HOST:PORT, was '" + value + "'");
            try {
                int port = Integer.parseInt(v.substring(colon + 1));
                if (port >= 0 && port <= 65535) return new Listen(v.substring(0, colon).replace("[", "").replace("]", ""), port);
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(option + " port must be a number 0..65535, was '" + v.substring(colon + 1) + "'");
        }
    }

    public HubConfig {
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(events, "events");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("maxBodyBytes must be >= 1024, was " + maxBodyBytes);
        if (dbPoolSize < 2) throw new IllegalArgumentException("dbPoolSize must be >= 2, was " + dbPoolSize);
    }

    /** Loopback plain HTTP on {@code port}, H2 in {@code dataDir}, default timings. */
    public static HubConfig local(int port, Path dataDir) {
        return new HubConfig("127.0.0.1", port, new DbTarget.H2File(dataDir), Optional.empty(), false, Timings.defaults(),
                MAX_BODY_BYTES, DB_POOL, Clock.systemUTC(), HubEvents.NONE, Ops.DEFAULTS, Admission.DEFAULTS);
    }

    public HubConfig withDb(DbTarget d) {
        return new HubConfig(host, port, d, tls, insecureHttp, timings, maxBodyBytes, dbPoolSize, clock, events, ops, admission);
    }

    public HubConfig withTimings(Timings t) {
        return new HubConfig(host, port, db, tls, insecureHttp, t, maxBodyBytes, dbPoolSize, clock, events, ops, admission);
    }

    public HubConfig withClock(Clock c) {
        return new HubConfig(host, port, db, tls, insecureHttp, timings, maxBodyBytes, dbPoolSize, c, events, ops, admission);
    }

    public HubConfig withEvents(HubEvents e) {
        return new HubConfig(host, port, db, tls, insecureHttp, timings, maxBodyBytes, dbPoolSize, clock, e, ops, admission);
    }

    public HubConfig withTls(Tls t) {
        return new HubConfig(host, port, db, Optional.of(t), insecureHttp, timings, maxBodyBytes, dbPoolSize, clock, events, ops, admission);
    }

    public HubConfig withOps(Ops o) {
        return new HubConfig(host, port, db, tls, insecureHttp, timings, maxBodyBytes, dbPoolSize, clock, events, o, admission);
    }

    public HubConfig withListen(String h, int p, boolean insecure) {
        return new HubConfig(h, p, db, tls, insecure, timings, maxBodyBytes, dbPoolSize, clock, events, ops, admission);
    }

    public HubConfig withAdmission(Admission a) {
        return new HubConfig(host, port, db, tls, insecureHttp, timings, maxBodyBytes, dbPoolSize, clock, events, ops, a);
    }
}
