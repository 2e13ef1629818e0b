package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.ScratchPostgres;

/**
 * Three {@code hub serve} processes on one fresh PostgreSQL database, behind HAProxy configured
 * as docs/haproxy-hub.cfg, with agents spread across them: jobs submitted to any node reach the
 * right agent exactly once, through a node killed with SIGKILL and through every database
 * connection being terminated.
 */
class HubClusterTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    ScratchPostgres db;
    HubCluster cluster;
    final List<StreamingAgent> agents = new ArrayList<>();
    /** Job id to the site it was submitted for. */
    final Map<String, String> submitted = new LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        db = ScratchPostgres.create().orElse(null);
        assumeTrue(db != null, "no PostgreSQL at 127.0.0.1:5432");
        cluster = new HubCluster(dir, db, 3);
    }

    @AfterEach
    void stop() throws Exception {
        for (StreamingAgent a : agents) a.close();
        if (cluster != null) cluster.close();
        if (db != null) db.close();
    }

    /** {@code n} agents of their own sites, streaming through HAProxy, spread over every node. */
    private void agents(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            String site = cluster.site("hall-" + i);
            agents.add(new StreamingAgent(cluster.lb(), site, cluster.register(site)));
        }
        awaitUntil("every agent streaming, on every node", () -> {
            double total = 0;
            for (int i = 0; i < 3; i++) {
                double here = cluster.metric(i, "hub_agent_streams");
                if (here < 1) return false;
                total += here;
            }
            return total == n;
        });
    }

    /** One job for every agent's site, the k-th submitted to node {@code nodes[k % nodes.length]}. */
    private void submitRound(String round, int... nodes) throws Exception {
        int k = 0;
        for (StreamingAgent a : agents) {
            String key = round + "-" + a.site;
            int node = nodes[k++ % nodes.length];
            for (;;) {
                // a box office retries with the same Idempotency-Key: a 503 while the node replaces
                // a terminated database connection is not a lost job
                HttpResponse<String> r = cluster.api(cluster.node(node), "POST", "/sites/" + a.site + "/jobs",
                        "{\"type\":\"payment\",\"amount\":100,\"currency\":\"PLN\",\"reference\":\"" + key + "\"}", "Idempotency-Key", key);
                if (r.statusCode() == 201 || r.statusCode() == 200) {
                    submitted.put(HubCluster.JSON.readTree(r.body()).get("id").asText(), a.site);
                    break;
                }
                assertThat(r.statusCode()).as("submit %s on node %d: %s", key, node, r.body()).isEqualTo(503);
                Thread.sleep(200);
            }
        }
    }

    /** Every job submitted reached its own site's agent, and was acknowledged. */
    private void awaitEveryJobAcknowledged() {
        awaitUntil("every job received and acknowledged", () -> {
            for (StreamingAgent a : agents) {
                for (Map.Entry<String, String> e : submitted.entrySet()) {
                    if (e.getValue().equals(a.site) && !a.acked.contains(e.getKey())) return false;
                }
            }
            return true;
        });
    }

    /** Exactly once: no job on another site's agent, none twice on one connection, none after its ack was taken. */
    private void assertExactlyOnce() throws Exception {
        for (StreamingAgent a : agents) {
            Set<String> mine = new HashSet<>();
            submitted.forEach((job, site) -> {
                if (site.equals(a.site)) mine.add(job);
            });
            assertThat(a.jobs()).as("jobs at the agent of %s", a.site).containsAll(mine).allMatch(mine::contains);
            Set<String> perConnection = new HashSet<>();
            for (StreamingAgent.Receipt r : a.receipts) {
                assertThat(perConnection.add(r.jobId() + "@" + r.connection())).as("%s twice on connection %d", r.jobId(), r.connection()).isTrue();
                assertThat(r.ackedBefore()).as("%s handed out again after its ack was taken", r.jobId()).isFalse();
            }
        }
        for (String job : submitted.keySet()) {
            JsonNode j = cluster.job(job);
            assertThat(j.get("state").asText()).as("job %s", job).isEqualTo("accepted");
        }
    }

    @Test
    void jobsSubmittedToAnyNodeReachTheirAgentExactlyOnceThroughANodeKilledMidway() throws Exception {
        agents(6);
        submitRound("first", 0, 1, 2);
        awaitEveryJobAcknowledged();

        submitRound("before-kill", 1, 2, 0);
        cluster.kill(1);
        submitRound("after-kill", 0, 2);
        awaitEveryJobAcknowledged();
        awaitUntil("the killed node's agents streaming on the others", () ->
                cluster.metric(0, "hub_agent_streams") + cluster.metric(2, "hub_agent_streams") == agents.size());
        submitRound("last", 2, 0);
        awaitEveryJobAcknowledged();

        assertExactlyOnce();
    }

    @Test
    void everyNodeRecoversByItselfWhenEveryDatabaseConnectionIsTerminated() throws Exception {
        agents(3);
        submitRound("first", 0, 1, 2);
        awaitEveryJobAcknowledged();
        List<String> listeningSince = new ArrayList<>();
        for (int i = 0; i < 3; i++) listeningSince.add(health(i).at("/listener/since").asText());

        assertThat(db.terminateConnections()).isGreaterThanOrEqualTo(3);
        submitRound("after-terminate", 2, 1, 0);
        awaitEveryJobAcknowledged();

        for (int i = 0; i < 3; i++) {
            int node = i;
            awaitUntil("node " + i + " healthy and listening again", () -> {
                JsonNode h = health(node);
                return h.get("ok").asBoolean() && !h.at("/listener/since").asText().equals(listeningSince.get(node));
            });
            assertThat(cluster.metric(i, "hub_listener_reconnects_total")).as("node %d's listener reconnects", i).isGreaterThanOrEqualTo(1);
            assertThat(cluster.metric(i, "hub_listener_up")).isEqualTo(1);
        }
        submitRound("last", 1, 2, 0);
        awaitEveryJobAcknowledged();
        assertExactlyOnce();
    }

    private JsonNode health(int node) throws Exception {
        return HubCluster.JSON.readTree(cluster.get(cluster.node(node) + "/healthz").body());
    }

    private void awaitUntil(String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            StringBuilder b = new StringBuilder("not within " + WAIT.toSeconds() + " s: " + what);
            for (StreamingAgent a : agents) b.append("\nagent ").append(a.site).append(": ").append(a.receipts).append(" acked ").append(a.acked);
            throw new AssertionError(b.append(cluster.logs()).toString(), e);
        }
    }
}
