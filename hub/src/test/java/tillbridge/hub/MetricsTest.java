package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;

/** /metrics: Prometheus text from Micrometer, every series tagged with the node; where it is served. */
class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void onTheMainListenerMetricsAreForLoopbackClientsOnly() throws Exception {
        // a proxy on the same host also connects from loopback: hence --metrics-listen (docs/operations.md)
        try (TestHub t = TestHub.start(dir, c -> c.withOps(new HubConfig.Ops("m1", null)))) {
            assertThat(t.metrics(t.base).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aScrapeShowsStreamsJobsByStateDeliveryLatencyAndThePoolTaggedWithTheNode() throws Exception {
        try (TestHub t = TestHub.start(dir, c -> c.withOps(new HubConfig.Ops("m1", null)))) {
            String key = t.tenant("venue-co");
            String site = t.site(key, "Main hall");
            String token = t.agent(key, site);
            SseClient s = t.stream("/agent/v1/stream", token, null);
            t.job(key, site, "k1");
            await().atMost(Duration.ofSeconds(10)).until(() -> s.named("job").size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> t.metrics(t.base).body().contains("hub_jobs{node=\"m1\",state=\"delivered\"} 1.0"));

            HttpResponse<String> r = t.metrics(t.base);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(r.body())
                    .contains("hub_agent_streams{node=\"m1\"} 1.0")
                    .contains("hub_long_polls{node=\"m1\"} 0.0")
                    .contains("hub_jobs{node=\"m1\",state=\"queued\"} 0.0")
                    .contains("hub_stream_connects_total{node=\"m1\"} 1.0")
                    .contains("hub_jobs_submitted_total{node=\"m1\"} 1.0")
                    .contains("hub_deliveries_total{kind=\"job\",node=\"m1\",via=\"stream\"} 1.0")
                    .contains("hub_delivery_latency_seconds_count{node=\"m1\",via=\"stream\"} 1")
                    .contains("hikaricp_connections_max{node=\"m1\",pool=\"hub-db\"} 16.0")
                    .containsPattern("(?m)^hub_heap_used_bytes\\{node=\"m1\"} \\d");
            s.close();
        }
    }

    @Test
    void withAMetricsListenerOnlyItServesMetricsAndItServesNothingButMetricsAndHealth() throws Exception {
        HubConfig.Ops ops = new HubConfig.Ops("m1", new HubConfig.Listen("127.0.0.1", LowPorts.free()));
        try (TestHub t = TestHub.start(dir, c -> c.withOps(ops))) {
            String key = t.tenant("venue-co");
            String metricsUrl = "http://127.0.0.1:" + t.hub.metricsPort();

            assertThat(t.metrics(t.base).statusCode()).as("main listener, loopback client").isEqualTo(404);
            assertThat(t.metrics(metricsUrl).statusCode()).isEqualTo(200);
            assertThat(t.metrics(metricsUrl).body()).contains("hub_agent_streams{node=\"m1\"} 0.0");
            assertThat(t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(metricsUrl + "/healthz")).build()).status()).isEqualTo(200);
            assertThat(t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(metricsUrl + "/api/v1/sites"))
                    .header("Authorization", "Bearer " + key).build()).status()).isEqualTo(404);
        }
    }
}
