package tillbridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import tillbridge.contract.JobRequest.Encoding;
import tillbridge.contract.JobRequest.Inline;
import tillbridge.contract.JobRequest.Payment;
import tillbridge.contract.JobRequest.Print;
import tillbridge.contract.JobRequest.Stored;
import tillbridge.contract.JobResult.Authorisation;
import tillbridge.contract.JobResult.Receipt;

/**
 * The one JSON codec of the hub⇄agent contract: every key of a job request, a result and an event
 * is named here and nowhere else. Decoding is strict (unknown fields and bad values throw
 * {@link InvalidField} naming the field); encoding leaves empty optionals out.
 *
 * <pre>
 * request  {"type":"payment","amount":1250,"currency":"PLN","reference":"order-77","terminal":"T1"}
 *          {"type":"print","content_type":"text/plain","content":"…","encoding":"text","printer":"bar","copies":1}
 *          {"type":"print","document":"doc_…","printer":"tickets","copies":1,"reprint_of":"job_…"}
 * result   {"outcome":"approved","message":"…","reference":"…","terminal":"T1","recovered":false,"result_code":0,…}
 * posted   {"state":"done","result":{…},"recovered":true}   (recovered: settles an unknown job)
 * events   state {"state":"done","result":{…},"recovered":true,"was":"unknown"}; answer {"prompt":"cancel","answer":"cancel"};
 *          progress {"type":"terminal_status","status":20,"text":"waiting for card","message":"INSERT CARD"}, one record
 *          of {@link JobEvent.Progress} per type ({@link ProgressJson})
 * </pre>
 */
public final class JobJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String TYPE = "type";
    private static final String AMOUNT = "amount", CURRENCY = "currency", REFERENCE = "reference", TERMINAL = "terminal";
    private static final String CONTENT_TYPE = "content_type", CONTENT = "content", ENCODING = "encoding", DOCUMENT = "document";
    private static final String PRINTER = "printer", COPIES = "copies", REPRINT_OF = "reprint_of";
    private static final Set<String> PAYMENT = Set.of(TYPE, AMOUNT, CURRENCY, REFERENCE, TERMINAL);
    private static final Set<String> PRINT = Set.of(TYPE, CONTENT_TYPE, CONTENT, ENCODING, PRINTER, COPIES, DOCUMENT, REPRINT_OF);
    static final int MAX_CONTENT = 60_000;
    static final int MAX_COPIES = 99;

    private static final String OUTCOME = "outcome", MESSAGE = "message", RECOVERED = "recovered", RECEIPTS = "receipts";
    private static final String RESULT_CODE = "result_code", AUTH_CODE = "auth_code", MASKED_PAN = "masked_pan", METHOD = "method";
    private static final String TID = "tid", MID = "mid", TRANSACTION_ID = "transaction_id", TERMINAL_MESSAGE = "terminal_message";
    private static final String CASHBACK = "cashback", TITLE = "title", TEXT = "text";
    private static final Set<String> RESULT = Set.of(OUTCOME, MESSAGE, REFERENCE, TERMINAL, PRINTER, RECOVERED, RESULT_CODE, AUTH_CODE,
            MASKED_PAN, METHOD, TID, MID, TRANSACTION_ID, TERMINAL_MESSAGE, AMOUNT, CASHBACK, RECEIPTS);
    /** Results carry what terminals and exceptions say: any text, bounded. */
    static final int MAX_RESULT_TEXT = 10_000;

    private static final String STATE = "state", RESULT_FIELD = "result", WAS = "was", PROMPT = "prompt", ANSWER = "answer";
    private static final Set<String> POSTED = Set.of(STATE, RESULT_FIELD, RECOVERED);
    /** Event kinds only the hub writes; an agent posting one is refused. */
    public static final Set<String> HUB_KINDS = Set.of(JobEvent.State.KIND, JobEvent.Answer.KIND, RESULT_FIELD);

    private JobJson() {}

    // ---- requests

    public static ObjectNode encode(JobRequest r) {
        ObjectNode o = MAPPER.createObjectNode().put(TYPE, r.type());
        switch (r) {
            case Payment p -> {
                o.put(AMOUNT, p.amount()).put(CURRENCY, p.currency()).put(REFERENCE, p.reference());
                p.terminal().ifPresent(t -> o.put(TERMINAL, t));
            }
            case Print p -> {
                switch (p.source()) {
                    case Inline i -> {
                        o.put(CONTENT_TYPE, i.contentType()).put(CONTENT, i.content());
                        i.encoding().ifPresent(e -> o.put(ENCODING, e.wire()));
                    }
                    case Stored s -> o.put(DOCUMENT, s.document());
                }
                p.printer().ifPresent(x -> o.put(PRINTER, x));
                p.copies().ifPresent(c -> o.put(COPIES, c));
                p.reprintOf().ifPresent(x -> o.put(REPRINT_OF, x));
            }
        }
        return o;
    }

    /**
     * A job request as a box office submits it: amount {@value Amounts#MIN_MINOR}..{@value Amounts#MAX_MINOR}
     * minor units, an active currency, a one-line reference of 1..64 characters, device names
     * {@value Fields#NAME_GRAMMAR}, content 1..60000 characters (lines allowed, base64 checked), copies 1..99.
     */
    public static JobRequest request(JsonNode json) {
        ObjectNode body = object(json, "request");
        Fields f = new Fields(body);
        String type = f.string(TYPE, 16);
        return switch (type) {
            case Payment.TYPE -> {
                f.only(PAYMENT);
                long amount = f.integer(AMOUNT, Amounts.MIN_MINOR, Amounts.MAX_MINOR);
                String cur = f.string(CURRENCY, 3);
                if (!Currencies.isActive(cur)) {
                    throw InvalidField.of(CURRENCY, "field 'currency' must be an active ISO 4217 currency code such as EUR or PLN, was '"
                            + Fields.clip(cur) + "'");
                }
                yield new Payment(amount, cur, f.string(REFERENCE, 64), Optional.ofNullable(f.optName(TERMINAL)));
            }
            case Print.TYPE -> {
                f.only(PRINT);
                Optional<String> printer = Optional.ofNullable(f.optName(PRINTER));
                OptionalInt copies = present(body, COPIES) ? OptionalInt.of((int) f.integer(COPIES, 1, MAX_COPIES)) : OptionalInt.empty();
                Optional<String> reprintOf = Optional.ofNullable(f.optString(REPRINT_OF, 64));
                JobRequest.Source source = present(body, DOCUMENT) ? stored(body, f) : inline(f);
                yield new Print(source, printer, copies, reprintOf);
            }
            default -> throw InvalidField.of(TYPE, "field 'type' must be 'payment' or 'print', was '" + Fields.clip(type) + "'");
        };
    }

    private static Stored stored(ObjectNode body, Fields f) {
        for (String inline : List.of(CONTENT_TYPE, CONTENT, ENCODING)) {
            if (body.has(inline)) {
                throw InvalidField.of(inline, "field '" + inline + "' does not go with 'document': a print job has either a document "
                        + "(its content type given at upload) or content");
            }
        }
        return new Stored(f.string(DOCUMENT, 64));
    }

    private static Inline inline(Fields f) {
        String contentType = f.string(CONTENT_TYPE, 100);
        String content = f.text(CONTENT, MAX_CONTENT);
        String enc = f.optString(ENCODING, 8);
        Optional<Encoding> encoding = switch (enc) {
            case null -> Optional.empty();
            case "text" -> Optional.of(Encoding.TEXT);
            case "base64" -> Optional.of(Encoding.BASE64);
            default -> throw InvalidField.of(ENCODING, "field 'encoding' must be 'text' or 'base64', was '" + Fields.clip(enc) + "'");
        };
        if (encoding.equals(Optional.of(Encoding.BASE64))) {
            try {
                Base64.getDecoder().decode(content);
            } catch (IllegalArgumentException e) {
                throw InvalidField.of(CONTENT, "field 'content' is not valid base64: " + e.getMessage());
            }
        }
        return new Inline(contentType, content, encoding);
    }

    // ---- results

    public static ObjectNode encode(JobResult r) {
        ObjectNode o = MAPPER.createObjectNode().put(OUTCOME, r.outcome().wire()).put(MESSAGE, r.message());
        r.reference().ifPresent(x -> o.put(REFERENCE, x));
        r.terminal().ifPresent(x -> o.put(TERMINAL, x));
        r.printer().ifPresent(x -> o.put(PRINTER, x));
        r.recovered().ifPresent(x -> o.put(RECOVERED, x));
        Authorisation a = r.authorisation();
        a.resultCode().ifPresent(x -> o.put(RESULT_CODE, x));
        a.authCode().ifPresent(x -> o.put(AUTH_CODE, x));
        a.maskedPan().ifPresent(x -> o.put(MASKED_PAN, x));
        a.method().ifPresent(x -> o.put(METHOD, x));
        a.tid().ifPresent(x -> o.put(TID, x));
        a.mid().ifPresent(x -> o.put(MID, x));
        a.transactionId().ifPresent(x -> o.put(TRANSACTION_ID, x));
        a.terminalMessage().ifPresent(x -> o.put(TERMINAL_MESSAGE, x));
        a.amount().ifPresent(x -> o.put(AMOUNT, x));
        a.cashback().ifPresent(x -> o.put(CASHBACK, x));
        if (!r.receipts().isEmpty()) {
            ArrayNode rs = o.putArray(RECEIPTS);
            r.receipts().forEach(x -> rs.addObject().put(TITLE, x.title()).put(TEXT, x.text()));
        }
        return o;
    }

    public static JobResult result(JsonNode json) {
        ObjectNode o = object(json, RESULT_FIELD);
        new Fields(o).only(RESULT);
        String outcome = new Fields(o).word(OUTCOME);
        Outcome out;
        try {
            out = Outcome.valueOf(outcome.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidField.of(OUTCOME, "field 'outcome' must be one of " + java.util.Arrays.stream(Outcome.values()).map(Outcome::wire).toList()
                    + ", was '" + Fields.clip(outcome) + "'");
        }
        String message = anyText(o, MESSAGE).orElseThrow(() -> InvalidField.of(MESSAGE, "field 'message' is required (a string)"));
        Authorisation a = new Authorisation(optInt(o, RESULT_CODE), anyText(o, AUTH_CODE), anyText(o, MASKED_PAN), anyText(o, METHOD),
                anyText(o, TID), anyText(o, MID), anyText(o, TRANSACTION_ID), anyText(o, TERMINAL_MESSAGE), optLong(o, AMOUNT), optLong(o, CASHBACK));
        return new JobResult(out, message, anyText(o, REFERENCE), anyText(o, TERMINAL), anyText(o, PRINTER),
                present(o, RECOVERED) ? Optional.of(new Fields(o).optBoolean(RECOVERED)) : Optional.empty(), a, receipts(o));
    }

    private static List<Receipt> receipts(ObjectNode o) {
        JsonNode v = o.get(RECEIPTS);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw InvalidField.of(RECEIPTS, "field 'receipts' must be an array of {title, text}, got " + Fields.type(v));
        List<Receipt> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isObject()) throw InvalidField.of(RECEIPTS, "field 'receipts' must contain objects {title, text}, found " + Fields.type(x));
            ObjectNode r = (ObjectNode) x;
            new Fields(r).only(Set.of(TITLE, TEXT));
            out.add(new Receipt(anyText(r, TITLE).orElse(""), anyText(r, TEXT).orElse("")));
        }
        return out;
    }

    /** A result as the agent posts it: {@code {"state", "result"}}. */
    public static ObjectNode posted(JobResult r) {
        ObjectNode o = MAPPER.createObjectNode().put(STATE, r.state().wire());
        o.set(RESULT_FIELD, encode(r));
        return o;
    }

    /**
     * A posted result as the hub reads it: a final state, the result object (kept as posted; an
     * empty one when absent) and whether it settles an {@code unknown} job.
     */
    public record Posted(JobState state, ObjectNode result, boolean recovered) {}

    public static Posted posted(JsonNode json) {
        ObjectNode body = object(json, "body");
        Fields f = new Fields(body).only(POSTED);
        String s = f.string(STATE, 16);
        JobState state = switch (s) {
            case "done" -> JobState.DONE;
            case "failed" -> JobState.FAILED;
            case "unknown" -> JobState.UNKNOWN;
            default -> throw InvalidField.of(STATE, "field 'state' must be done, failed or unknown, was '" + Fields.clip(s) + "'");
        };
        ObjectNode result = f.optObject(RESULT_FIELD);
        return new Posted(state, result == null ? MAPPER.createObjectNode() : result, f.optBoolean(RECOVERED));
    }

    // ---- events

    /** The event's {@code data}. */
    public static ObjectNode encode(JobEvent e) {
        return switch (e) {
            case JobEvent.State s -> {
                ObjectNode o = MAPPER.createObjectNode().put(STATE, s.state().wire());
                s.result().ifPresent(r -> o.set(RESULT_FIELD, r));
                s.settled().ifPresent(w -> o.put(RECOVERED, true).put(WAS, w.wire()));
                yield o;
            }
            case JobEvent.Answer a -> MAPPER.createObjectNode().put(PROMPT, a.prompt()).put(ANSWER, a.answer());
            case JobEvent.Progress p -> ProgressJson.encode(p);
        };
    }

    /** An event of the log from its kind and data, as {@link #encode(JobEvent)} wrote it. */
    public static JobEvent event(String kind, JsonNode data) {
        ObjectNode o = object(data, "data");
        return switch (kind) {
            case JobEvent.State.KIND -> {
                Fields f = new Fields(o);
                JobState state = state(f.string(STATE, 16), STATE);
                ObjectNode result = f.optObject(RESULT_FIELD);
                String was = f.optString(WAS, 16);
                yield new JobEvent.State(state, Optional.ofNullable(result), was == null ? Optional.empty() : Optional.of(state(was, WAS)));
            }
            case JobEvent.Answer.KIND -> new JobEvent.Answer(new Fields(o).string(PROMPT, 64), new Fields(o).string(ANSWER, 1000));
            default -> {
                JobEvent.Progress p = progress(o);
                if (!p.kind().equals(kind)) {
                    throw InvalidField.of(TYPE, "field 'type' is '" + p.kind() + "' but the event is logged as '" + Fields.clip(kind) + "'");
                }
                yield p;
            }
        };
    }

    /**
     * A progress event as the agent posts it: {@code type} one of the agent's kinds (the hub's own
     * kinds are refused as such), with that kind's fields and nothing else.
     */
    public static JobEvent.Progress progress(JsonNode json) {
        ObjectNode body = object(json, "body");
        String kind = new Fields(body).word(TYPE);
        if (HUB_KINDS.contains(kind)) {
            throw InvalidField.of(TYPE, "event type '" + kind + "' is reserved for the hub; use e.g. terminal_status or prompt");
        }
        return ProgressJson.decode(kind, body);
    }

    /** The kinds of progress event an agent may post. */
    public static List<String> progressKinds() {
        return ProgressJson.KINDS;
    }

    // ---- helpers

    private static JobState state(String s, String field) {
        try {
            return JobState.ofWire(s);
        } catch (IllegalArgumentException e) {
            throw InvalidField.of(field, "field '" + field + "': " + e.getMessage());
        }
    }

    private static ObjectNode object(JsonNode n, String what) {
        if (n instanceof ObjectNode o) return o;
        throw InvalidField.of(what, "the " + what + " must be a JSON object, got " + (n == null ? "nothing" : Fields.type(n)));
    }

    private static boolean present(ObjectNode o, String name) {
        JsonNode v = o.get(name);
        return v != null && !v.isNull();
    }

    private static Optional<String> anyText(ObjectNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isTextual()) throw InvalidField.of(name, "field '" + name + "' must be a string, got " + Fields.type(v));
        if (v.textValue().length() > MAX_RESULT_TEXT) {
            throw InvalidField.of(name, "field '" + name + "' must have at most " + MAX_RESULT_TEXT + " characters, has " + v.textValue().length());
        }
        return Optional.of(v.textValue());
    }

    private static OptionalInt optInt(ObjectNode o, String name) {
        return present(o, name) ? OptionalInt.of((int) new Fields(o).integer(name, Integer.MIN_VALUE, Integer.MAX_VALUE)) : OptionalInt.empty();
    }

    private static OptionalLong optLong(ObjectNode o, String name) {
        return present(o, name) ? OptionalLong.of(new Fields(o).integer(name, 0, Long.MAX_VALUE)) : OptionalLong.empty();
    }
}
