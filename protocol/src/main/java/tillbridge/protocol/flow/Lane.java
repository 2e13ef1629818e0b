package tillbridge.protocol.flow;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tillbridge.protocol.message.Message;

/** One flow's state machine: starts and ends in {@code idle}. */
final class Lane {
    static final String IDLE = "idle";

    private final String name;
    private final List<Step> steps;
    private String state = IDLE;

    Lane(String name, List<Step> steps) {
        this.name = name;
        this.steps = List.copyOf(steps);
    }

    /** The message codes {@code by} sends in this flow. */
    Set<String> codes(Side by) {
        return steps.stream().filter(s -> s.by() == by).map(Step::code).collect(Collectors.toSet());
    }

    /** Takes the step if one matches; the state is unchanged otherwise. A plain loop: it runs for every frame. */
    boolean advance(Side by, String code, Message m) {
        for (Step s : steps) {
            if (s.from().equals(state) && s.code().equals(code) && s.by() == by && s.guard().test(m)) {
                state = s.to();
                return true;
            }
        }
        return false;
    }

    String expected() {
        String next = steps.stream().filter(s -> s.from().equals(state)).map(s -> s.code() + " from " + s.by())
                .distinct().collect(Collectors.joining(" or "));
        return name + " is " + (state.equals(IDLE) ? "idle" : "at " + state) + (next.isEmpty() ? "" : ", expecting " + next);
    }

    boolean idle() {
        return state.equals(IDLE);
    }

    String name() {
        return name;
    }
}
