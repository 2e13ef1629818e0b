package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run of the hub load harness ({@code HubLoad smoke}, docs/performance.md): 40 idle streams
 * over two nodes on PostgreSQL, a restart of a node under 40 agents, and jobs at 1 and 20 a second
 * to 10 connected agents. Figures are not judged here (the machine is shared); that every
 * measurement completes, every agent comes back and every job arrives is.
 */
class HubLoadSmokeTest {
    @Test
    void idleStreamsAStormAndThroughputAllComplete(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Run run = Run.of(dir, 600, List.of(java, "-cp", Programs.HOME.resolve("bench/target/benchmarks.jar").toString(), "tillbridge.bench.hubload.HubLoad",
                "smoke", "--hub-jar", Programs.HOME.resolve("hub/target/hub.jar").toString(), "--xmx", "256m", "--work", dir.resolve("work").toString(),
                "--port", Integer.toString(tillbridge.common.testing.LowPorts.free())));
        assertThat(run.exit()).as(run.toString()).isZero();
        String out = run.out();
        assertThat(count(out, "RESULT idle node=\\d+ streams=20 ")).as(out).isEqualTo(2);
        assertThat(out).as(out).containsPattern("RESULT idle total streams=40 nodes=2 ");
        Matcher storm = Pattern.compile("RESULT storm streams=40 .* back99_s=([0-9.]+) .* all_back_s=([0-9.]+) ").matcher(out);
        assertThat(storm.find()).as(out).isTrue();
        assertThat(count(out, "RESULT throughput offered=\\d+ jobs/s for 3 s \\(sent at [0-9.]+/s\\) received=(\\d+) of \\1 ")).as(out).isEqualTo(2);
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
