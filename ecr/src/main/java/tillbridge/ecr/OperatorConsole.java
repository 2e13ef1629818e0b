package tillbridge.ecr;

import java.util.List;

/**
 * This ECR's operator console, lent to the terminal (K1-K9, docs/ecr.md). Each method is one
 * interaction; its return value becomes the K0 answer. Every method has a default that is "not
 * supported" (K0 999), so an implementation offers only what it can. Methods run one at a time on
 * a thread of their own and may block while the operator answers; when the terminal ends the
 * interaction (K2) the thread is interrupted. Throw {@link Cancelled} when the operator cancels
 * (K0 1) and {@link TimedOut} when nobody answered in time (K0 2).
 */
public interface OperatorConsole {
    /** The operator cancelled: answered K0 1. */
    final class Cancelled extends RuntimeException {
        public Cancelled(String why) {
            super(why);
        }
    }

    /** Nobody answered in time: answered K0 2. */
    final class TimedOut extends RuntimeException {
        public TimedOut(String why) {
            super(why);
        }
    }

    /** K1 granted: the terminal now uses the console. */
    default void claimed() {}

    /** K2: the terminal is done with the console; {@code reason} may be empty. */
    default void ended(String reason) {}

    /** K3: show {@code text}, for {@code seconds} (0: until the next interaction). */
    default void display(String text, int seconds) throws InterruptedException {
        throw new UnsupportedOperationException("display");
    }

    /** K4: a yes/no question. */
    default boolean question(String text) throws InterruptedException {
        throw new UnsupportedOperationException("question");
    }

    /** K5: a menu; returns the chosen item's number, from 1. */
    default int menu(String title, List<String> items) throws InterruptedException {
        throw new UnsupportedOperationException("menu");
    }

    /** K6: a list of values; returns the chosen value's number, from 1. */
    default int choose(String title, List<String> values) throws InterruptedException {
        throw new UnsupportedOperationException("choose");
    }

    /** K7: text input of {@code min} to {@code max} characters; {@code masked} hides what is typed. */
    default String input(String prompt, int min, int max, boolean masked) throws InterruptedException {
        throw new UnsupportedOperationException("input");
    }

    /** K8: ask the operator to present a card to the terminal's reader; return once done. */
    default void card(String prompt, int seconds) throws InterruptedException {
        throw new UnsupportedOperationException("card");
    }

    /** K9: a sound; {@code tone} 1 beep, 2 success, 3 error. */
    default void sound(int tone, int millis) throws InterruptedException {
        throw new UnsupportedOperationException("sound");
    }
}
