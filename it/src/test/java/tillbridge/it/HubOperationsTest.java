package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/hub admin …} against a running {@code bin/hub serve} (H2, found through its --data
 * directory), with a real agent paying through frob and terminal-sim: a revoked key is refused at
 * the next box-office call, a site whose agent is paying cannot be deleted (exit 111) until the
 * payment ends (here: cancelled from the box office), and once deleted its agent is refused. Errors are one line on stderr, exit 100
 * for what the caller must change, 111 for what may pass.
 */
class HubOperationsTest {
    @TempDir
    Path dir;
    Cloud cloud;

    @BeforeEach
    void start() throws Exception {
        cloud = new Cloud(dir, List.of("--slow-ms", "600000"), List.of());   // a slow amount stays in flight until cancelled
    }

    @AfterEach
    void stop() {
        if (cloud != null) cloud.close();
    }

    private Run admin(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("admin"));
        a.addAll(List.of(args));
        a.addAll(List.of("--data", dir.resolve("hub-data").toString()));
        return Run.of(dir, 60, Programs.command("hub", a.toArray(String[]::new)));
    }

    private int sitesWith(String apiKey) throws Exception {
        return cloud.http.send(HttpRequest.newBuilder(URI.create(cloud.hubUrl() + "/api/v1/sites")).header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void oneLineError(Run r, int exit, String says) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        assertThat(r.err().strip()).as(r.toString()).startsWith("hub: ").contains(says).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void aKeyRevokedThroughTheCliIsRefusedAtTheNextBoxOfficeCall() throws Exception {
        Run created = admin("key", "create", "IT venue");
        assertThat(created.exit()).as(created.toString()).isZero();
        String key = created.out().strip();
        assertThat(sitesWith(key)).isEqualTo(200);
        Run list = admin("key", "list", "IT venue");
        assertThat(list.exit()).as(list.toString()).isZero();
        List<String> rows = list.out().lines().skip(1).toList();
        assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r).contains(" valid "));

        Run revoke = admin("key", "revoke", rows.getLast().split(" ")[0]);

        assertThat(revoke.exit()).as(revoke.toString()).isZero();
        assertThat(sitesWith(key)).isEqualTo(401);
        assertThat(sitesWith(cloud.apiKey)).isEqualTo(200);
        oneLineError(admin("key", "revoke", "key_nosuchkey"), 100, "not found");
        oneLineError(admin("key", "list", "No such venue"), 100, "tenant 'No such venue' not found");
        oneLineError(Run.of(dir, 60, Programs.command("hub", "admin", "prune", "--data", dir.resolve("nowhere").toString())), 111, "no hub is running");
    }

    @Test
    void aSiteIsDeletedOnlyOnceItsAgentEndedThePaymentAndThenItsAgentIsRefused() throws Exception {
        String site = cloud.createSite("Closing hall");
        Path agentDir = cloud.agentDir("agent");
        cloud.registeredAgent(site, agentDir);
        String token = Cloud.JSON.readTree(Files.readString(agentDir.resolve("credentials.json"))).get("token").asText();
        String job = cloud.pay(site, 1299, "closing-1");   // .99: terminal-sim waits --slow-ms before authorising
        await().atMost(Cloud.START).until(() -> Files.readString(agentDir.resolve("journal.jsonl"))
                .matches("(?s).*\"rec\":\"s1_sent\",\"job\":\"" + job + "\".*"));   // the terminal has it

        oneLineError(admin("site", "delete", site), 111, "payment(s) its agent may be running: " + job);

        await().atMost(Cloud.START).until(() ->
                cloud.api("POST", "/jobs/" + job + "/prompts/cancel/answer", "{\"answer\":\"cancel\"}").statusCode() == 200);
        assertThat(cloud.awaitFinal(job, Duration.ofSeconds(60)).path("state").asText()).isEqualTo("failed");
        Run deleted = admin("site", "delete", site);
        assertThat(deleted.exit()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).contains("site " + site + " deleted");

        assertThat(cloud.api("GET", "/sites/" + site, null).statusCode()).isEqualTo(404);
        assertThat(cloud.job(job).path("state").asText()).isEqualTo("failed");
        HttpResponse<String> asAgent = cloud.http.send(HttpRequest.newBuilder(URI.create(cloud.hubUrl() + "/agent/v1/poll?after=0"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(asAgent.statusCode()).isEqualTo(401);
        await().atMost(Cloud.START).until(() -> Programs.read(cloud.agentLog(agentDir)).contains("register it again"));

        Run prune = admin("prune");
        assertThat(prune.exit()).as(prune.toString()).isZero();
        assertThat(prune.out()).startsWith("pruned 0 jobs");
    }
}
