package tillbridge.it.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How recipes are found in a doc and made runnable: the rules docs/integration.md states. */
class RecipeHarnessTest {
    private static final String DOC = """
            # Title
            ```sh
            bin/ecr --connect 127.0.0.1:5002 test
            ```
            text
            <!-- not a recipe: needs a real serial port -->
            ```bash
            bin/frob --serial /dev/ttyS0
            ```
            ```json
            {"port": 5002}
            ```
            <!-- not a recipe -->
            ```sh
            rm -rf /
            ```
            ```sh
            one
            two
            """;

    @Test
    void findsShAndBashBlocksWithTheDocLineOfTheirFirstCodeLine() {
        List<Recipe> r = Recipes.extract("x.md", DOC);
        assertThat(r).extracting(Recipe::line).containsExactly(3, 8, 15, 18);
        assertThat(r.get(0).code()).isEqualTo("bin/ecr --connect 127.0.0.1:5002 test");
        assertThat(r).extracting(Recipe::doc).containsOnly("x.md");
    }

    @Test
    void aMarkerOnTheLineBeforeTheFenceSkipsTheBlockAndKeepsItsReason() {
        List<Recipe> r = Recipes.extract("x.md", DOC);
        assertThat(r.get(0).skip()).isEmpty();
        assertThat(r.get(1).skip()).contains("needs a real serial port");
        assertThat(r.get(2).skip()).contains("");
    }

    @Test
    void anUnclosedBlockRunsToTheEndOfTheDoc() {
        assertThat(Recipes.extract("x.md", DOC).get(3).code()).isEqualTo("one\ntwo\n");
    }

    @Test
    void eachDocumentedPortBecomesOneFreePortWhereverItRecurs() {
        AtomicInteger next = new AtomicInteger(21000);
        Recipes.Substitution s = new Recipes.Substitution(Path.of("/w"), next::getAndIncrement);
        assertThat(s.apply("tcpserver 0 5002 bin/frob --payment tcp:127.0.0.1:7300 & bin/ecr --connect 127.0.0.1:5002 test"))
                .isEqualTo("tcpserver 0 21000 bin/frob --payment tcp:127.0.0.1:21001 & bin/ecr --connect 127.0.0.1:21000 test");
        assertThat(s.apply("socat - TCP-LISTEN:5002,reuseaddr; curl http://localhost:8443/api; ./tb demo --port 15002"))
                .isEqualTo("socat - TCP-LISTEN:21000,reuseaddr; curl http://localhost:21002/api; ./tb demo --port 21003");
    }

    @Test
    void amountsReferencesAndSmallNumbersAreNotPorts() {
        Recipes.Substitution s = new Recipes.Substitution(Path.of("/w"), () -> 1);
        String code = "bin/ecr pay 5002.00 PLN --ref R-5002 --abort-after 5 --baud 115200; echo '{\"amount\":9000}'; sleep 1000";
        assertThat(s.apply(code)).isEqualTo(code);
    }

    @Test
    void theProjectsSystemDirectoriesMoveUnderTheWorkDirectory() {
        Recipes.Substitution s = new Recipes.Substitution(Path.of("/tmp/w"), () -> 1);
        assertThat(s.apply("mkdir -p -m 0750 /run/tillbridge; bin/frob --storage path:/var/log/tillbridge/tx.jsonl --config /etc/tillbridge/frob.json"))
                .isEqualTo("mkdir -p -m 0750 /tmp/w/run/tillbridge; bin/frob --storage path:/tmp/w/var/log/tillbridge/tx.jsonl --config /tmp/w/etc/tillbridge/frob.json");
        assertThat(s.apply("ls /run/tillbridge-old /srv/run/tillbridge /dev/ttyS0")).isEqualTo("ls /run/tillbridge-old /srv/run/tillbridge /dev/ttyS0");
    }

    @Test
    void aFailingCommandIsReportedWithItsDocLine() throws Exception {
        List<Recipe> r = List.of(new Recipe("a.md", 10, "true\ntrue", Optional.empty()),
                new Recipe("a.md", 20, "(false; echo background goes on) & wait $!\necho one\n(exit 3)\necho never", Optional.empty()));
        Recipes.Script script = Recipes.script(r, new Recipes.Substitution(Path.of("/w"), () -> 1));
        Process bash = new ProcessBuilder("bash", "-c", script.text()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("background goes on", "one").doesNotContain("never");
        assertThat(bash.exitValue()).isEqualTo(3);
        assertThat(script.failure(out)).contains("line 22 (exit 3)");
        assertThat(script.failure("all fine")).isEmpty();
    }
}
