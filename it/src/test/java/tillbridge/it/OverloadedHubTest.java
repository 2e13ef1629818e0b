package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub that sets up one agent connection a second, restarted under four connected agents: the
 * agents that come back together are answered 503 with Retry-After, wait at least that long, and
 * all are back and take payments. (That a refused stream does not switch the agent to long poll
 * is HubConnectionTest's; here the agents may have switched already, as the hub refused their
 * connections while it was down.)
 */
class OverloadedHubTest {
    private static final Pattern REFUSED = Pattern.compile("come back after (\\d+) s \\(header Retry-After\\); reconnecting in (\\d+) ms");

    @TempDir
    Path dir;

    @Test
    void agentsRefusedWithRetryAfterWaitThatLongAndAllComeBack() throws Exception {
        try (Cloud cloud = new Cloud(dir, List.of(), List.of("--admit-rate", "1", "--retry-after-max", "5"))) {
            List<String> sites = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String site = cloud.createSite("venue " + i);
                Path agent = cloud.registeredDir(site, "agent-" + i);
                cloud.startAgent(agent);
                sites.add(site);
                logs.add(cloud.agentLog(agent));
            }
            for (String site : sites) cloud.awaitConnected(site);

            cloud.killHub();
            cloud.startHub();

            for (String site : sites) cloud.awaitConnected(site);
            int refusals = 0;
            for (Path log : logs) {
                String text = Programs.read(log);
                for (Matcher m = REFUSED.matcher(text); m.find(); refusals++) {
                    assertThat(Long.parseLong(m.group(2))).as(m.group()).isGreaterThanOrEqualTo(Long.parseLong(m.group(1)) * 1000);
                }
            }
            assertThat(refusals).as("four agents back at once against one a second: some were told to come back later").isPositive();
            for (int i = 0; i < sites.size(); i++) {
                JsonNode done = cloud.awaitFinal(cloud.pay(sites.get(i), 1000 + i, "overload-" + i), Duration.ofSeconds(60));
                assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
            }
        }
    }
}
