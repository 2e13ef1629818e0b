package tillbridge.hub;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/** Where the hub keeps its data: an embedded H2 file (default) or a PostgreSQL database. */
public sealed interface DbTarget {
    /** H2 file database {@code hub.mv.db} in {@code dir} (created if missing). */
    record H2File(Path dir) implements DbTarget {
        public H2File {
            Objects.requireNonNull(dir, "dir");
        }

        @Override
        public String jdbcUrl() {
            // WRITE_DELAY=0: H2 otherwise writes commits up to 500 ms later, so a hub killed just after
            // answering 201 forgot the job it had accepted (CloudRecoveryTest proves it does not now)
            return "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("hub") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        }

        @Override
        public String describe() {
            // said at every start: what survives a crash here is not what PostgreSQL gives
            return "H2 file " + dir.toAbsolutePath().normalize().resolve("hub.mv.db")
                    + " (each commit written before the answer, not fsynced: a power cut may lose the last ones; --db for PostgreSQL)";
        }
    }

    /**
     * PostgreSQL. {@code schema}, when set, is created if missing and used for every table (the
     * tests use one scratch schema per run).
     */
    record Postgres(String host, int port, String database, String user, String password, String schema) implements DbTarget {
        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

        public Postgres {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535, was " + port);
            if (!NAME.matcher(database).matches()) throw new IllegalArgumentException("bad database name '" + database + "'");
            if (schema != null && !NAME.matcher(schema).matches()) throw new IllegalArgumentException("bad schema name '" + schema + "'");
        }

        @Override
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        @Override
        public String describe() {
            return "PostgreSQL " + user + "@" + host + ":" + port + "/" + database + (schema == null ? "" : " schema " + schema);
        }

        @Override
        public String toString() {   // never print the password
            return "Postgres[" + describe() + "]";
        }
    }

    String jdbcUrl();

    String describe();

    /**
     * Parses {@code postgresql://[user[:password]@]host[:port]/database[?schema=NAME]}. The
     * password may also come from the environment variable {@code PGPASSWORD}.
     */
    static Postgres parsePostgres(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--db: not a URL: " + e.getReason());
        }
        if (!"postgresql".equals(u.getScheme()) && !"postgres".equals(u.getScheme())) {
            throw new IllegalArgumentException("--db must start with postgresql://, was " + u.getScheme() + "://");
        }
        if (u.getHost() == null) throw new IllegalArgumentException("--db: host missing in postgresql URL");
        String path = u.getPath() == null ? "" : u.getPath();
        String db = path.startsWith("/") ? path.substring(1) : path;
        if (db.isEmpty()) throw new IllegalArgumentException("--db: database name missing (postgresql://host:5432/DATABASE)");
        String user = "postgres";
        String password = System.getenv("PGPASSWORD");
        if (u.getRawUserInfo() != null) {
            String[] ui = u.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(ui[0], StandardCharsets.UTF_8);
            if (ui.length == 2) password = URLDecoder.decode(ui[1], StandardCharsets.UTF_8);
        }
        String schema = null;
        if (u.getRawQuery() != null) {
            for (String kv : u.getRawQuery().split("&")) {
                String[] p = kv.split("=", 2);
                if (p.length == 2 && p[0].equals("schema")) schema = URLDecoder.decode(p[1], StandardCharsets.UTF_8);
                else throw new IllegalArgumentException("--db: unknown URL parameter '" + p[0] + "' (only schema=NAME)");
            }
        }
        return new Postgres(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort(), db, user, password, schema);
    }
}
