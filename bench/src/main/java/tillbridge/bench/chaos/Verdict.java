package tillbridge.bench.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The jobs as the box office last saw them, held against what the terminal really did. A job must
 * end in exactly one final state; its sale S1 reaches the terminal at most once; {@code done} means
 * charged its amount, {@code failed} means not charged; {@code unknown} is allowed (counted) because
 * it says "check the terminal" rather than something false.
 */
final class Verdict {
    /** How a job was judged; the first four are violations. */
    enum Finding { DUPLICATE, LOST, WRONG, STUCK, UNKNOWN, OK }

    /** One job at the end: its request amount, its kind of amount, its state and its payment reference. */
    record Job(String id, String reference, long amount, Amounts.Kind kind, String state) {}

    private final Map<Finding, Integer> counts = new EnumMap<>(Finding.class);
    /** state counts per kind of amount, for the table */
    private final Map<Amounts.Kind, Map<String, Integer>> table = new EnumMap<>(Amounts.Kind.class);
    private final List<String> violations = new ArrayList<>();
    final int jobs;

    Verdict(List<Job> jobs, Terminal terminal) {
        this.jobs = jobs.size();
        for (Finding f : Finding.values()) counts.put(f, 0);
        for (Job j : jobs) {
            table.computeIfAbsent(j.kind(), k -> new TreeMap<>()).merge(j.state(), 1, Integer::sum);
            for (Finding f : judge(j, terminal)) {
                counts.merge(f, 1, Integer::sum);
                if (f != Finding.OK && f != Finding.UNKNOWN)
                    violations.add(f + ": job " + j.id() + " (" + j.reference() + ", " + j.amount() + ") is " + j.state() + "; terminal: "
                            + terminal.sales(j.reference()) + " sale S1, charged " + terminal.charged().get(j.reference()));
            }
        }
    }

    static List<Finding> judge(Job j, Terminal terminal) {
        List<Finding> found = new ArrayList<>();
        if (terminal.sales(j.reference()) > 1) found.add(Finding.DUPLICATE);
        Long charged = terminal.charged().get(j.reference());
        switch (j.state()) {
            case "done" -> { if (charged == null || charged != j.amount()) found.add(Finding.WRONG); }
            case "failed" -> { if (charged != null) found.add(Finding.LOST); }
            case "unknown" -> found.add(Finding.UNKNOWN);
            default -> found.add(Finding.STUCK);
        }
        if (found.isEmpty()) found.add(Finding.OK);
        return found;
    }

    int count(Finding f) {
        return counts.get(f);
    }

    boolean passed() {
        return violations.isEmpty();
    }

    List<String> violations() {
        return violations;
    }

    String line(int kills) {
        return "chaos: " + jobs + " jobs, " + kills + " kills, " + count(Finding.DUPLICATE) + " duplicates, " + count(Finding.LOST)
                + " lost, " + count(Finding.STUCK) + " stuck, " + count(Finding.UNKNOWN) + " unknown, " + count(Finding.WRONG) + " wrong";
    }

    /** Jobs per kind of amount and final state. */
    String table() {
        List<String> states = List.of("done", "failed", "unknown");
        StringBuilder b = new StringBuilder(String.format("%-10s %6s %6s %6s %6s %6s%n", "amount", "jobs", "done", "failed", "unknown", "other"));
        for (var e : table.entrySet()) {
            int all = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
            int other = all - states.stream().mapToInt(s -> e.getValue().getOrDefault(s, 0)).sum();
            b.append(String.format("%-10s %6d %6d %6d %6d %6d%n", e.getKey().label, all, e.getValue().getOrDefault("done", 0),
                    e.getValue().getOrDefault("failed", 0), e.getValue().getOrDefault("unknown", 0), other));
        }
        return b.toString();
    }
}
