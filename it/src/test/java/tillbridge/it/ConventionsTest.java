package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every program shares: one version string, -q/--quiet and -v/--verbose, and ./tb's exit codes. */
class ConventionsTest {
    private static final List<String> PROGRAMS = List.of("frob", "ecr", "terminal-sim", "nexo-proxy", "nexo-sim", "hub", "agent");

    @TempDir
    Path dir;

    @Test
    void everyProgramPrintsTheSameVersion() throws Exception {
        Set<String> versions = new HashSet<>();
        for (String program : PROGRAMS) {
            Run r = Run.of(dir, 60, Programs.command(program, "--version"));
            assertThat(r.exit()).as(program + "\n" + r).isZero();
            assertThat(r.out().strip()).as(program).matches(program + " \\d+\\.\\d+\\.\\d+(-\\S+)?");
            versions.add(r.out().strip().substring(program.length() + 1));
        }
        assertThat(versions).hasSize(1);
    }

    @Test
    void everyProgramTakesQuietAndVerbose() throws Exception {
        for (String program : PROGRAMS) {
            Run r = Run.of(dir, 60, Programs.command(program, "--help"));
            assertThat(r.exit()).as(program + "\n" + r).isZero();
            String help = program.equals("hub") || program.equals("agent") ? helpOf(program, program.equals("hub") ? "serve" : "run") : r.out();
            assertThat(help).as(program).contains("-q, --quiet").contains("-v, --verbose");
        }
    }

    private String helpOf(String program, String command) throws Exception {
        Run r = Run.of(dir, 60, Programs.command(program, command, "--help"));
        assertThat(r.exit()).as(program + " " + command + "\n" + r).isZero();
        return r.out();
    }

    @Test
    void tbSaysUsage100() throws Exception {
        Run r = Run.of(dir, 60, List.of(Programs.HOME.resolve("tb").toString(), "no-such-command"));
        assertThat(r.exit()).as(r.toString()).isEqualTo(100);
        assertThat(r.err().strip()).isEqualTo("tb: unknown command 'no-such-command' (see ./tb help)");
    }
}
