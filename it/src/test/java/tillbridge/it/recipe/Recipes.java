package tillbridge.it.recipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the shell recipes of a doc and makes them runnable in a test, with the rules a reader can
 * look up in docs/integration.md ("Every recipe is tested"):
 *
 * <ul>
 *   <li>a recipe is a code block fenced {@code ```sh} or {@code ```bash}; the line right before the
 *       fence may say {@code <!-- not a recipe: REASON -->}, and then the block is not run;
 *   <li>a port is a number from 5000 to 29999 after {@code 127.0.0.1:}, {@code 0.0.0.0:},
 *       {@code localhost:}, {@code [::1]:} or {@code LISTEN:}, or standing alone after a space;
 *       each is replaced by a free port below 32768, the same one wherever the number recurs in the doc;
 *   <li>{@code /run/tillbridge}, {@code /var/lib/tillbridge}, {@code /var/log/tillbridge} and
 *       {@code /etc/tillbridge} move under the test's work directory, which is also the current
 *       directory and {@code $HOME} (the project's files are linked into it).
 * </ul>
 */
final class Recipes {
    private static final Pattern FENCE = Pattern.compile("^```(sh|bash)\\s*$");
    private static final Pattern SKIP = Pattern.compile("^\\s*<!--\\s*not a recipe\\s*:?(.*?)-->\\s*$");
    private static final Pattern PORT = Pattern.compile(
            "(?:(?<=127\\.0\\.0\\.1:|0\\.0\\.0\\.0:|localhost:|\\[::1]:|LISTEN:)|(?<= ))([5-9]\\d{3}|[12]\\d{4})(?![\\w.])");
    private static final Pattern PATH = Pattern.compile("(?<![\\w./])/(run|var/lib|var/log|etc)/tillbridge(?![\\w-])");

    private Recipes() {}

    /** The recipes of one doc, in order; an unclosed fence ends at the end of the doc. */
    static List<Recipe> extract(String doc, String markdown) {
        List<Recipe> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!FENCE.matcher(lines[i]).matches()) continue;
            int end = i + 1;
            while (end < lines.length && !lines[end].startsWith("```")) end++;
            Optional<String> skip = Optional.empty();
            if (i > 0) {
                Matcher m = SKIP.matcher(lines[i - 1]);
                if (m.matches()) skip = Optional.of(m.group(1).strip());
            }
            out.add(new Recipe(doc, i + 2, String.join("\n", List.of(lines).subList(i + 1, end)), skip));
            i = end;
        }
        return out;
    }

    /** Rewrites ports and paths of the recipes of one doc, keeping one port per documented number. */
    static final class Substitution {
        private final Path work;
        private final IntSupplier freePort;
        private final Map<String, Integer> ports = new HashMap<>();

        Substitution(Path work, IntSupplier freePort) {
            this.work = work;
            this.freePort = freePort;
        }

        String apply(String code) {
            String paths = PATH.matcher(code).replaceAll(m -> Matcher.quoteReplacement(work + m.group()));
            return PORT.matcher(paths).replaceAll(m -> String.valueOf(ports.computeIfAbsent(m.group(1), p -> freePort.getAsInt())));
        }
    }

    /**
     * One bash script that runs {@code recipes} in order and stops at the first failing top-level command,
     * printing {@code RECIPE FAILED AT <script line>}; {@link Script#docLine} turns that line back
     * into the doc's.
     */
    static Script script(List<Recipe> recipes, Substitution s) {
        // not set -e: that would also end a loop a recipe runs in the background, as a reader's shell does not;
        // the ERR trap, which background subshells do not inherit, ends the script at a failing top-level command
        StringBuilder text = new StringBuilder("set -o pipefail; trap 's=$?; echo \"RECIPE FAILED AT $LINENO (exit $s)\" >&2; exit $s' ERR\n");
        List<Integer> docLines = new ArrayList<>(List.of(0));
        for (Recipe r : recipes) {
            String[] lines = s.apply(r.code()).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                text.append(lines[i]).append('\n');
                docLines.add(r.line() + i);
            }
        }
        return new Script(text.toString(), docLines);
    }

    /** A generated script and, for each of its lines (index = script line - 1), the doc line it came from. */
    record Script(String text, List<Integer> docLines) {
        private static final Pattern FAILED = Pattern.compile("RECIPE FAILED AT (\\d+) \\(exit (\\d+)\\)");

        /** The doc line and exit status of the failure the script's stderr reports, if any. */
        Optional<String> failure(String stderr) {
            Matcher m = FAILED.matcher(stderr);
            if (!m.find()) return Optional.empty();
            int at = Integer.parseInt(m.group(1));
            String line = at >= 1 && at <= docLines.size() ? "line " + docLines.get(at - 1) : "script line " + at;
            return Optional.of(line + " (exit " + m.group(2) + ")");
        }
    }
}
