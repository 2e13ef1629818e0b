package tillbridge.common.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh database on the local PostgreSQL (127.0.0.1:5432, user postgres, trust auth) for one
 * test, dropped at close with every connection to it. A database of its own, not a schema, so that
 * a test may terminate every connection to it without touching anyone else's. The PostgreSQL JDBC
 * driver must be on the test's class path (the hub brings it).
 */
public final class ScratchPostgres implements AutoCloseable {
    private static final String HOST = "127.0.0.1:5432";
    private final String name;
    private final List<String> roles = new ArrayList<>();

    private ScratchPostgres(String name) {
        this.name = name;
    }

    /** A new database, or empty when no PostgreSQL answers (the caller skips). */
    public static Optional<ScratchPostgres> create() {
        String name = "tb_scratch_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(jdbc("postgres"), "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            return Optional.of(new ScratchPostgres(name));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static String jdbc(String db) {
        return "jdbc:postgresql://" + HOST + "/" + db + "?connectTimeout=5&socketTimeout=30";
    }

    public String name() {
        return name;
    }

    /** The database as {@code hub --db} takes it. */
    public String hubUrl() {
        return "postgresql://postgres@" + HOST + "/" + name;
    }

    /** Runs one statement in this database. */
    public void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc(name), "postgres", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Terminates every other connection to this database, as a database restart would; returns how many. */
    public int terminateConnections() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc("postgres"), "postgres", "");
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * A login role of its own (superuser, no password) for one program, so that a test can cut that
     * program alone off the database ({@link #refuseLogins}); dropped at close. Returns the
     * database as {@code hub --db} takes it, connecting as that role.
     */
    public String hubUrlAs(String who) throws SQLException {
        String role = role(who);
        try (Connection c = DriverManager.getConnection(jdbc("postgres"), "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN SUPERUSER");
        }
        roles.add(role);
        return "postgresql://" + role + "@" + HOST + "/" + name;
    }

    /** {@code who}'s role may not log in, and its connections are terminated: it has lost the database. */
    public void refuseLogins(String who) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc("postgres"), "postgres", ""); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + role(who) + " NOLOGIN");
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role(who) + "'");
        }
    }

    public void allowLogins(String who) throws SQLException {
        execute("ALTER ROLE " + role(who) + " LOGIN");
    }

    private String role(String who) {
        if (!who.matches("[a-z0-9]{1,10}")) throw new IllegalArgumentException("role suffix must be 1-10 of [a-z0-9], was " + who);
        return name + "_" + who;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc("postgres"), "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            for (String r : roles) s.execute("DROP ROLE IF EXISTS " + r);
        }
    }
}
