package tillbridge.protocol.flow;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.message.Message;

/**
 * One flow's state machine within a {@link Conversation}, starting and ending in {@link State#IDLE}.
 * Its owner may hold it as a handle: to check the packets of that flow alone, and to start the flow
 * afresh ({@link #reset}) when it abandons or closes it.
 */
public final class Lane {
    private final Flow flow;
    private final Side starter;
    private final String name;
    private final List<Step> steps;
    private State state = State.IDLE;

    Lane(Flow flow, Side starter, String name, List<Step> steps) {
        this.flow = flow;
        this.starter = starter;
        this.name = name;
        this.steps = List.copyOf(steps);
    }

    /** Checks {@code m} sent by {@code from} against this flow and advances it; the state is unchanged on a violation. */
    public Optional<Violation> accept(Side from, Message m) {
        return advance(from, m.type(), m) ? Optional.empty() : Optional.of(new Violation(from, m.code(), expected()));
    }

    /** Starts the flow afresh, as if no packet of it had been seen. */
    public void reset() {
        state = State.IDLE;
    }

    public boolean idle() {
        return state == State.IDLE;
    }

    public Flow flow() {
        return flow;
    }

    /** The side that starts the flow. */
    public Side starter() {
        return starter;
    }

    /** True when {@code by} sends {@code type} in this flow. */
    boolean sends(Side by, PacketType type) {
        for (Step s : steps) if (s.by() == by && s.type() == type) return true;
        return false;
    }

    /** Takes the step if one matches; the state is unchanged otherwise. A plain loop: it runs for every frame. */
    boolean advance(Side by, PacketType type, Message m) {
        for (Step s : steps) {
            if (s.from() == state && s.type() == type && s.by() == by && s.guard().test(m)) {
                state = s.to();
                return true;
            }
        }
        return false;
    }

    String expected() {
        String next = steps.stream().filter(s -> s.from() == state).map(s -> s.type() + " from " + s.by())
                .distinct().collect(Collectors.joining(" or "));
        return name + " is " + (state == State.IDLE ? "idle" : "at " + state) + (next.isEmpty() ? "" : ", expecting " + next);
    }
}
