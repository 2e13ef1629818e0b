package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Validates job bodies submitted by a box office. Two types:
 * <pre>
 * {"type":"payment","amount":1250,"currency":"PLN","reference":"order-77","terminal":"T1"}
 *    amount in minor units 1..99999999999; currency an active ISO 4217 code; reference 1..64 printable,
 *    one line; terminal optional, a device name [A-Za-z0-9][A-Za-z0-9._-]{0,63}
 * {"type":"print","content_type":"text/plain","content":"…","encoding":"text","printer":"bar","copies":1}
 *    content 1..60000 chars (lines allowed); encoding text (default) or base64; printer optional, a device
 *    name like terminal; copies 1..99
 * {"type":"print","document":"doc_…","printer":"tickets","copies":1,"reprint_of":"job_…"}
 *    document: an id from POST /sites/{site}/documents (up to 16 MiB, its content type with it),
 *    instead of content_type, content and encoding; reprint_of optional, any print job's id
 * </pre>
 * Whether the document and the reprinted job exist at the site is the caller's check (it needs the store).
 */
public final class JobRequests {
    private static final Set<String> PAYMENT = Set.of("type", "amount", "currency", "reference", "terminal");
    private static final Set<String> PRINT = Set.of("type", "content_type", "content", "encoding", "printer", "copies", "document", "reprint_of");

    private JobRequests() {}

    /** Checks the body; returns the job type. */
    public static String validate(ObjectNode body) {
        Fields f = new Fields(body);
        String type = f.string("type", 16);
        switch (type) {
            case "payment" -> {
                f.only(PAYMENT);
                f.integer("amount", 1, 99_999_999_999L);
                String cur = f.string("currency", 3);
                if (!Currencies.isActive(cur)) {
                    throw ApiError.badRequest("field 'currency' must be an active ISO 4217 currency code such as EUR or PLN, was '"
                            + Fields.clip(cur) + "'");
                }
                f.string("reference", 64);
                f.optName("terminal");
            }
            case "print" -> {
                f.only(PRINT);
                f.optName("printer");
                f.optInteger("copies", 1, 99, 1);
                f.optString("reprint_of", 64);
                if (body.has("document")) document(body, f);
                else content(f);
            }
            default -> throw ApiError.badRequest("field 'type' must be 'payment' or 'print', was '" + Fields.clip(type) + "'");
        }
        return type;
    }

    private static void document(ObjectNode body, Fields f) {
        for (String inline : List.of("content_type", "content", "encoding")) {
            if (body.has(inline)) {
                throw ApiError.badRequest("field '" + inline + "' does not go with 'document': a print job has either a document "
                        + "(its content type given at upload) or content");
            }
        }
        f.string("document", 64);
    }

    private static void content(Fields f) {
        f.string("content_type", 100);
        String content = f.text("content", 60_000);
        String enc = f.optString("encoding", 8);
        if (enc != null && !enc.equals("text") && !enc.equals("base64")) {
            throw ApiError.badRequest("field 'encoding' must be 'text' or 'base64', was '" + Fields.clip(enc) + "'");
        }
        if ("base64".equals(enc)) {
            try {
                Base64.getDecoder().decode(content);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("field 'content' is not valid base64: " + e.getMessage());
            }
        }
    }
}
