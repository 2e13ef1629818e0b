package tillbridge.hub.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.flywaydb.core.Flyway;
import tillbridge.hub.DbTarget;

/**
 * The connection pool, migrations and transactions. Plain JDBC: the hub has a couple of dozen
 * statements, each written once next to the code that needs it, and the delivery path needs
 * explicit control over transactions and row locks.
 */
public final class Db implements AutoCloseable {
    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource pool;
    private final DbTarget target;

    private Db(HikariDataSource pool, DbTarget target) {
        this.pool = pool;
        this.target = target;
    }

    /** Opens the pool and applies pending migrations from {@code classpath:db/migration}. */
    public static Db open(DbTarget target, int poolSize) {
        return open(target, poolSize, null);
    }

    /** The same, with the pool's own meters (connections active, idle, pending, wait times) in {@code metrics}. */
    public static Db open(DbTarget target, int poolSize, MeterRegistry metrics) {
        if (target instanceof DbTarget.H2File h2) PrivateFiles.directory(h2.dir());
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(target.jdbcUrl());
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("hub-db");
        hc.setAutoCommit(false);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        if (metrics != null) hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        if (target instanceof DbTarget.Postgres pg) {
            hc.setUsername(pg.user());
            if (pg.password() != null) hc.setPassword(pg.password());
            if (pg.schema() != null) hc.setSchema(pg.schema());
        }
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            var fw = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
            if (target instanceof DbTarget.Postgres pg && pg.schema() != null) {
                fw = fw.schemas(pg.schema()).createSchemas(true);
            }
            fw.load().migrate();
            if (target instanceof DbTarget.H2File h2) PrivateFiles.files(h2.dir());
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Db(ds, target);
    }

    public DbTarget target() {
        return target;
    }

    /** Runs {@code work} in a transaction: committed if it returns, rolled back if it throws. */
    public <T> T tx(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            try {
                T t = work.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new Failure(e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** A database failure: the environment, not the caller (answered 503, logged with the cause). */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(SQLException e) {
            super("database: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }

        public String sqlState() {
            return ((SQLException) getCause()).getSQLState();
        }
    }

    // ---- small helpers used by the stores

    static boolean uniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    static OffsetDateTime ts(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        Object o = rs.getObject(col);
        return switch (o) {
            case null -> null;
            case OffsetDateTime odt -> odt.toInstant();
            case Timestamp t -> t.toInstant();
            default -> rs.getObject(col, OffsetDateTime.class).toInstant();
        };
    }

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant t) ps.setObject(i + 1, ts(t));
            else ps.setObject(i + 1, a);
        }
        return ps;
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }
}
