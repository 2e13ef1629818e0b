package tillbridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import tillbridge.contract.JobEvent.PrinterCondition;
import tillbridge.contract.JobEvent.Progress;
import tillbridge.contract.JobEvent.Progress.AbortSent;
import tillbridge.contract.JobEvent.Progress.ConsoleClaimed;
import tillbridge.contract.JobEvent.Progress.ConsoleEnded;
import tillbridge.contract.JobEvent.Progress.PaymentSent;
import tillbridge.contract.JobEvent.Progress.PaymentStarted;
import tillbridge.contract.JobEvent.Progress.PrintSending;
import tillbridge.contract.JobEvent.Progress.PrinterStatus;
import tillbridge.contract.JobEvent.Progress.Prompt;
import tillbridge.contract.JobEvent.Progress.Recovering;
import tillbridge.contract.JobEvent.Progress.RecoveryEnded;
import tillbridge.contract.JobEvent.Progress.TerminalDisplay;
import tillbridge.contract.JobEvent.Progress.TerminalReceipt;
import tillbridge.contract.JobEvent.Progress.TerminalSound;
import tillbridge.contract.JobEvent.Progress.TerminalStatus;
import tillbridge.contract.JobEvent.Progress.WaitingForTerminal;

/**
 * The fields of each progress event, for {@link JobJson}: {@code {"type": kind, …}}. Decoding is
 * strict like the rest of the contract: an unknown kind or field, a missing field or a value out
 * of bounds throws {@link InvalidField} naming it.
 */
final class ProgressJson {
    /** What terminals and printers say (display text, reasons): any text, lines allowed, bounded. */
    static final int MAX_SAID = 1000;
    /** Items of a list (a console menu's answers, a printer's reasons). */
    static final int MAX_ITEMS = 32;
    static final List<String> KINDS = Stream.of(PaymentStarted.KIND, PaymentSent.KIND, TerminalStatus.KIND, AbortSent.KIND,
            Recovering.KIND, WaitingForTerminal.KIND, RecoveryEnded.KIND, Prompt.KIND, ConsoleClaimed.KIND, ConsoleEnded.KIND,
            TerminalDisplay.KIND, TerminalSound.KIND, TerminalReceipt.KIND, PrintSending.KIND, PrinterStatus.KIND).sorted().toList();

    private static final String TYPE = "type", TERMINAL = "terminal", REFERENCE = "reference", AMOUNT = "amount", CURRENCY = "currency";
    private static final String STATUS = "status", TEXT = "text", MESSAGE = "message", REASON = "reason", ATTEMPT = "attempt";
    private static final String RETRY_IN_MS = "retry_in_ms", PROMPT = "prompt", CONSOLE = "kind", ANSWERS = "answers", MIN = "min", MAX = "max";
    private static final String SECONDS = "seconds", TONE = "tone", MILLIS = "millis", TITLE = "title", PRINTER = "printer";
    private static final String STATE = "state", REASONS = "reasons";

    private ProgressJson() {}

    static ObjectNode encode(Progress p) {
        ObjectNode o = JobJson.MAPPER.createObjectNode().put(TYPE, p.kind());
        switch (p) {
            case PaymentStarted x -> o.put(TERMINAL, x.terminal()).put(REFERENCE, x.reference()).put(AMOUNT, x.amount()).put(CURRENCY, x.currency());
            case PaymentSent x -> o.put(REFERENCE, x.reference());
            case TerminalStatus x -> o.put(STATUS, x.status()).put(TEXT, x.text()).put(MESSAGE, x.message());
            case AbortSent x -> { }
            case Recovering x -> {
                o.put(REASON, x.reason());
                x.reference().ifPresent(r -> o.put(REFERENCE, r));
                x.attempt().ifPresent(a -> o.put(ATTEMPT, a));
            }
            case WaitingForTerminal x -> o.put(TERMINAL, x.terminal()).put(REASON, x.reason()).put(ATTEMPT, x.attempt()).put(RETRY_IN_MS, x.retryInMs());
            case RecoveryEnded x -> o.put(REFERENCE, x.reference()).put(REASON, x.reason());
            case Prompt x -> {
                o.put(PROMPT, x.prompt());
                x.console().ifPresent(k -> o.put(CONSOLE, k));
                o.put(TEXT, x.text());
                list(o, ANSWERS, x.answers());
                x.min().ifPresent(m -> o.put(MIN, m));
                x.max().ifPresent(m -> o.put(MAX, m));
            }
            case ConsoleClaimed x -> { }
            case ConsoleEnded x -> o.put(REASON, x.reason());
            case TerminalDisplay x -> o.put(TEXT, x.text()).put(SECONDS, x.seconds());
            case TerminalSound x -> o.put(TONE, x.tone()).put(MILLIS, x.millis());
            case TerminalReceipt x -> o.put(TITLE, x.title()).put(PRINTER, x.printer());
            case PrintSending x -> o.put(PRINTER, x.printer());
            case PrinterStatus x -> {
                o.put(PRINTER, x.printer()).put(STATE, x.state().wire());
                list(o, REASONS, x.reasons());
            }
        }
        return o;
    }

    /** A progress event of a known kind; {@code type} is checked by the caller. */
    static Progress decode(String kind, ObjectNode o) {
        Fields f = new Fields(o);
        return switch (kind) {
            case PaymentStarted.KIND -> {
                f.only(Set.of(TYPE, TERMINAL, REFERENCE, AMOUNT, CURRENCY));
                yield new PaymentStarted(name(f, TERMINAL), f.string(REFERENCE, 64),
                        f.integer(AMOUNT, Amounts.MIN_MINOR, Amounts.MAX_MINOR), f.string(CURRENCY, 3));
            }
            case PaymentSent.KIND -> new PaymentSent(f.only(Set.of(TYPE, REFERENCE)).string(REFERENCE, 64));
            case TerminalStatus.KIND -> {
                f.only(Set.of(TYPE, STATUS, TEXT, MESSAGE));
                yield new TerminalStatus((int) f.integer(STATUS, 0, 999), said(f, TEXT), said(f, MESSAGE));
            }
            case AbortSent.KIND -> {
                f.only(Set.of(TYPE));
                yield new AbortSent();
            }
            case Recovering.KIND -> {
                f.only(Set.of(TYPE, REASON, REFERENCE, ATTEMPT));
                yield new Recovering(said(f, REASON), Optional.ofNullable(f.optString(REFERENCE, 64)), optInt(o, f, ATTEMPT, 1, Integer.MAX_VALUE));
            }
            case WaitingForTerminal.KIND -> {
                f.only(Set.of(TYPE, TERMINAL, REASON, ATTEMPT, RETRY_IN_MS));
                yield new WaitingForTerminal(name(f, TERMINAL), said(f, REASON), (int) f.integer(ATTEMPT, 1, Integer.MAX_VALUE),
                        f.integer(RETRY_IN_MS, 0, Long.MAX_VALUE));
            }
            case RecoveryEnded.KIND -> {
                f.only(Set.of(TYPE, REFERENCE, REASON));
                yield new RecoveryEnded(f.string(REFERENCE, 64), said(f, REASON));
            }
            case Prompt.KIND -> {
                f.only(Set.of(TYPE, PROMPT, CONSOLE, TEXT, ANSWERS, MIN, MAX));
                yield new Prompt(f.string(PROMPT, 64), o.hasNonNull(CONSOLE) ? Optional.of(f.word(CONSOLE)) : Optional.empty(), said(f, TEXT),
                        list(o, ANSWERS), optInt(o, f, MIN, 0, 999), optInt(o, f, MAX, 0, 999));
            }
            case ConsoleClaimed.KIND -> {
                f.only(Set.of(TYPE));
                yield new ConsoleClaimed();
            }
            case ConsoleEnded.KIND -> new ConsoleEnded(said(f.only(Set.of(TYPE, REASON)), REASON));
            case TerminalDisplay.KIND -> {
                f.only(Set.of(TYPE, TEXT, SECONDS));
                yield new TerminalDisplay(said(f, TEXT), (int) f.integer(SECONDS, 0, 3600));
            }
            case TerminalSound.KIND -> {
                f.only(Set.of(TYPE, TONE, MILLIS));
                yield new TerminalSound((int) f.integer(TONE, 0, 99_999), (int) f.integer(MILLIS, 0, 60_000));
            }
            case TerminalReceipt.KIND -> {
                f.only(Set.of(TYPE, TITLE, PRINTER));
                yield new TerminalReceipt(said(f, TITLE), name(f, PRINTER));
            }
            case PrintSending.KIND -> new PrintSending(name(f.only(Set.of(TYPE, PRINTER)), PRINTER));
            case PrinterStatus.KIND -> {
                f.only(Set.of(TYPE, PRINTER, STATE, REASONS));
                yield new PrinterStatus(name(f, PRINTER), condition(f), list(o, REASONS));
            }
            default -> throw InvalidField.of(TYPE, "field 'type' must be one of " + KINDS + ", was '" + Fields.clip(kind) + "'");
        };
    }

    private static String required(String name) {
        throw InvalidField.of(name, "field '" + name + "' is required (a device name " + Fields.NAME_GRAMMAR + ")");
    }

    private static String name(Fields f, String field) {
        String s = f.optName(field);
        return s == null ? required(field) : s;
    }

    /** What a terminal, a printer or the agent said: a string of up to {@value #MAX_SAID} characters, possibly empty. */
    private static String said(Fields f, String name) {
        JsonNode v = f.node().get(name);
        return v != null && v.isTextual() && v.textValue().isEmpty() ? "" : f.text(name, MAX_SAID);
    }

    private static OptionalInt optInt(ObjectNode o, Fields f, String name, int min, int max) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? OptionalInt.empty() : OptionalInt.of((int) f.integer(name, min, max));
    }

    private static PrinterCondition condition(Fields f) {
        String s = f.word(STATE);
        try {
            return PrinterCondition.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidField.of(STATE, "field 'state' must be one of " + Arrays.stream(PrinterCondition.values()).map(PrinterCondition::wire).toList()
                    + ", was '" + s + "'");
        }
    }

    private static void list(ObjectNode o, String name, List<String> items) {
        ArrayNode a = o.putArray(name);
        items.forEach(a::add);
    }

    /** A required array of 0..{@value #MAX_ITEMS} one-line strings of up to 200 characters. */
    private static List<String> list(ObjectNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isArray()) {
            throw InvalidField.of(name, "field '" + name + "' is required (an array of strings), got " + (v == null ? "nothing" : Fields.type(v)));
        }
        if (v.size() > MAX_ITEMS) throw InvalidField.of(name, "field '" + name + "' must have at most " + MAX_ITEMS + " items, has " + v.size());
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) {
            ObjectNode one = JobJson.MAPPER.createObjectNode().set(name, x);
            out.add(new Fields(one).string(name, 200));
        }
        return out;
    }
}
