package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of the chaos harness ({@code ./tb chaos}, docs/chaos.md): 30 payments through the hub,
 * two agents, frob and terminal-sim while those programs are killed with SIGKILL at random; every
 * job must end final and agree with what terminal-sim really charged.
 */
class ChaosTest {
    private static final Pattern VERDICT = Pattern.compile(
            "chaos: 30 jobs, (\\d+) kills, (\\d+) duplicates, (\\d+) lost, (\\d+) stuck, (\\d+) unknown, (\\d+) wrong");

    @Test
    void paymentsUnderRandomKillsAreChargedOnceAndReportedAsTheTerminalCharged(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Run run = Run.of(dir, 600, List.of(java, "-cp", Programs.HOME.resolve("bench/target/benchmarks.jar").toString(), "tillbridge.bench.chaos.Chaos",
                "--home", Programs.HOME.toString(), "--work", dir.resolve("work").toString(), "--jobs", "30", "--minutes", "1", "--settle-minutes", "3"));
        Matcher m = VERDICT.matcher(run.out());
        assertThat(m.find()).as(run.toString()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("kills").isPositive();
        assertThat(List.of(m.group(2), m.group(3), m.group(4), m.group(6))).as("duplicates, lost, stuck, wrong: " + run).containsOnly("0");
        assertThat(run.exit()).as(run.toString()).isZero();
    }
}
