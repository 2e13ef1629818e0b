package tillbridge.it.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tillbridge.common.testing.LowPorts;

/**
 * Every shell recipe of README.md and docs/*.md runs as written (after {@code ./tb build}), with
 * only the port and path substitutions {@link Recipes} documents: the recipes of one doc run in
 * order in one bash, as a reader pastes them down the page, and the first failing command fails
 * the test with the doc and line. A recipe that starts a daemon stops it itself; whatever is left
 * is killed with the script's process group.
 */
class DocRecipesRunAsWrittenTest {
    private static final Path HOME = Path.of(System.getProperty("tillbridge.home", "..")).toAbsolutePath().normalize();
    private static final long SECONDS_PER_RECIPE = 120;

    static List<Recipe> recipes() throws IOException {
        List<Recipe> all = new ArrayList<>();
        for (Path doc : docs()) all.addAll(Recipes.extract(HOME.relativize(doc).toString(), Files.readString(doc)));
        return all;
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(HOME.resolve("README.md")));
        try (Stream<Path> s = Files.list(HOME.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    @Test
    void everyBlockThatIsNotRunSaysWhy() throws IOException {
        assertThat(recipes()).filteredOn(r -> r.skip().isPresent())
                .allSatisfy(r -> assertThat(r.skip().get()).as("reason of the skipped block at %s line %d", r.doc(), r.line()).isNotBlank());
    }

    @TestFactory
    Stream<DynamicTest> recipesOfEachDocRunAsWritten() throws IOException {
        return recipes().stream().filter(r -> r.skip().isEmpty()).map(Recipe::doc).distinct()
                .map(doc -> DynamicTest.dynamicTest(doc, () -> run(doc)));
    }

    private static void run(String doc) throws Exception {
        List<Recipe> recipes = recipes().stream().filter(r -> r.doc().equals(doc) && r.skip().isEmpty()).toList();
        Path work = Files.createTempDirectory("recipes-" + Path.of(doc).getFileName().toString().replace(".md", "") + "-");
        linkProject(work);
        Recipes.Script script = Recipes.script(recipes, new Recipes.Substitution(work, DocRecipesRunAsWrittenTest::freePort));
        Path file = work.resolve("recipes.sh");
        Path log = work.resolve("recipes.log");
        Files.writeString(file, script.text());
        ProcessBuilder pb = new ProcessBuilder("setsid", "bash", file.toString()).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOME", work.toString());
        Process p = pb.start();
        boolean done = p.waitFor(SECONDS_PER_RECIPE * recipes.size(), TimeUnit.SECONDS);
        killGroup(p.pid());
        String out = Files.readString(log);
        if (!done) fail(doc + ": recipes still running after " + SECONDS_PER_RECIPE * recipes.size() + " s; output in " + log + ":\n" + tail(out));
        Optional<String> failure = script.failure(out);
        if (p.exitValue() != 0)
            fail(doc + " " + failure.orElse("exit " + p.exitValue()) + " failed as written; output in " + log + ":\n" + tail(out));
        delete(work);
    }

    /** Deletes the work directory; the project's links are removed, never followed. */
    private static void delete(Path work) throws IOException {
        try (Stream<Path> s = Files.walk(work)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** The project's top-level files, linked into the work directory so that {@code bin/frob} and {@code ./tb} resolve there. */
    private static void linkProject(Path work) throws IOException {
        try (Stream<Path> s = Files.list(HOME)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().startsWith(".git")).toList())
                Files.createSymbolicLink(work.resolve(p.getFileName()), p);
        }
    }

    private static int freePort() {
        try {
            return LowPorts.free();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** TERM to whatever the recipes left running, KILL to what is still there 5 s later. */
    private static void killGroup(long pgid) throws Exception {
        if (!signal("-TERM", pgid)) return;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (signal("-0", pgid)) {
            if (System.nanoTime() > until) {
                signal("-KILL", pgid);
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** {@code kill SIGNAL -- -pgid}; true when some process of the group was there to take it. */
    private static boolean signal(String signal, long pgid) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, "--", "-" + pgid).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
    }

    private static String tail(String out) {
        List<String> lines = out.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
