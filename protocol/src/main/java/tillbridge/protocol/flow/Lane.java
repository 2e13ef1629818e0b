package tillbridge.protocol.flow;

import java.util.List;
import java.util.Optional;
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

    boolean owns(String code, Side by) {
        return steps.stream().anyMatch(s -> s.code().equals(code) && s.by() == by);
    }

    /** Takes the step if one matches; the state is unchanged otherwise. */
    boolean advance(Side by, Message m) {
        Optional<Step> step = steps.stream()
                .filter(s -> s.from().equals(state) && s.code().equals(m.code()) && s.by() == by && s.guard().test(m))
                .findFirst();
        step.ifPresent(s -> state = s.to());
        return step.isPresent();
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
