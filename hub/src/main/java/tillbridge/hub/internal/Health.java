package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import tillbridge.hub.DbTarget;

/**
 * {@code GET /healthz}: whether this node can do its work, not only whether the process answers.
 * The database must answer a query within {@value #DB_WAIT_SECONDS} s, and on PostgreSQL the
 * listener for the other nodes' announcements must be listening. 200 with the details when all
 * is well, 503 naming what is wrong, so that a load balancer takes the node out.
 */
public final class Health {
    static final int DB_WAIT_SECONDS = 3;

    private final String node;
    private final Db db;
    private final Optional<PgListener> listener;
    private final OneAtATime<Boolean> check;

    public Health(String node, Db db, Optional<PgListener> listener, Executor executor) {
        this.node = node;
        this.db = db;
        this.listener = listener;
        this.check = new OneAtATime<>(executor, () -> db.tx(c -> {
            try (Statement st = c.createStatement()) {
                return st.execute("SELECT 1");
            }
        }));
    }

    public void routes(Router r) {
        r.add("GET", "/healthz", ex -> {
            ObjectNode report = report();
            ex.reply(report.get("ok").asBoolean() ? 200 : 503, report);
        });
    }

    /** {@code {ok, node, database:{ok, problem?}, listener?:{ok, since, problem?}, problems:[…]}}. */
    public ObjectNode report() {
        ObjectNode out = Json.object().put("ok", true).put("node", node);
        ArrayNode problems = Json.MAPPER.createArrayNode();
        String dbProblem = databaseProblem();
        ObjectNode d = out.putObject("database").put("ok", dbProblem == null).put("kind", db.target() instanceof DbTarget.Postgres ? "postgresql" : "h2");
        if (dbProblem != null) {
            d.put("problem", dbProblem);
            problems.add("database: " + dbProblem);
        }
        listener.ifPresent(l -> {
            PgListener.Status s = l.status();
            ObjectNode o = out.putObject("listener").put("ok", s.listening()).put("since", s.since().toString());
            if (!s.listening()) {
                o.put("problem", s.problem());
                problems.add("listener: not hearing the other nodes since " + s.since() + ": " + s.problem());
            }
        });
        out.put("ok", problems.isEmpty());
        out.set("problems", problems);
        return out;
    }

    /** Null when the database answered {@code SELECT 1} in time, else what went wrong. */
    private String databaseProblem() {
        try {
            check.get(Duration.ofSeconds(DB_WAIT_SECONDS));
            return null;
        } catch (TimeoutException e) {
            return "no answer within " + DB_WAIT_SECONDS + " s";
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
