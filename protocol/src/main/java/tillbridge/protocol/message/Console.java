package tillbridge.protocol.message;

import java.util.List;
import java.util.OptionalInt;

/**
 * Operator interaction on the ECR's console, spec §11: {@code K1 K0 ((K3..K9) K0)* K2 K0}.
 * Bodies of K2-K9 are tillbridge definitions (docs/protocol.md).
 */
public sealed interface Console extends Message {
    /** K0: {@code result} 0 = OK; {@code output} carries the answer (yes/no, chosen index, entered text). */
    record Result(int result, String output) implements Console {
        public static final int OK = 0;
        public static final int CANCELLED = 1;
        public static final int TIMEOUT = 2;
        public static final int BUSY = 993;
        public static final int NOT_SUPPORTED = 999;

        public static Result ok(String output) {
            return new Result(OK, output);
        }
    }

    /** K1: claim the console. */
    record Claim() implements Console {}

    /** K2: the interaction is over. */
    record Interrupt(String reason) implements Console {}

    /** K3: show {@code text} for {@code seconds} (absent or 0: until the next interaction). */
    record Display(String text, OptionalInt seconds) implements Console {}

    /** K4: a yes/no question; K0 output {@code 1} = yes, {@code 0} = no. */
    record Question(String text) implements Console {}

    /** K5: a menu; K0 output = the chosen item's number, from 1. */
    record Menu(String title, List<String> items) implements Console {
        public Menu {
            items = List.copyOf(items);
        }
    }

    /** K6: a list of values; K0 output = the chosen value's number, from 1. */
    record ValueList(String title, List<String> values) implements Console {
        public ValueList {
            values = List.copyOf(values);
        }
    }

    /** K7: an input field; K0 output = the entered text. {@code masked}: show stars while typing. */
    record Input(String prompt, int minLength, int maxLength, boolean masked) implements Console {}

    /** K8: ask the operator to present a card to the EFT's reader; K0 result 0 once it was read. */
    record CardData(String prompt, OptionalInt seconds) implements Console {}

    /** K9: a sound; {@code tone} 1 = beep, 2 = success, 3 = error. */
    record Sound(int tone, int millis) implements Console {}
}
