package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates job bodies submitted by a box office. Two types:
 * <pre>
 * {"type":"payment","amount":1250,"currency":"PLN","reference":"order-77","terminal":"T1"}
 *    amount in minor units 1..99999999999; currency ISO 4217 alpha; reference 1..64; terminal optional
 * {"type":"print","content_type":"text/plain","content":"…","encoding":"text","printer":"bar","copies":1}
 *    content 1..60000 chars; encoding text (default) or base64; printer optional; copies 1..99
 * </pre>
 */
public final class JobRequests {
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> PAYMENT = Set.of("type", "amount", "currency", "reference", "terminal");
    private static final Set<String> PRINT = Set.of("type", "content_type", "content", "encoding", "printer", "copies");

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
                if (!CURRENCY.matcher(cur).matches()) {
                    throw ApiError.badRequest("field 'currency' must be an ISO 4217 code of 3 capital letters, was '" + cur + "'");
                }
                f.string("reference", 64);
                f.optString("terminal", 64);
            }
            case "print" -> {
                f.only(PRINT);
                f.string("content_type", 100);
                String content = f.string("content", 60_000);
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
                f.optString("printer", 64);
                f.optInteger("copies", 1, 99, 1);
            }
            default -> throw ApiError.badRequest("field 'type' must be 'payment' or 'print', was '" + Fields.clip(type) + "'");
        }
        return type;
    }
}
