package tillbridge.hub.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The hub's one JSON mapper, bounded, and parsing that turns bad input into a clear 400. */
public final class Json {
    /** Deepest nesting accepted in a request body. */
    static final int MAX_DEPTH = 32;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(64 * 1024)
                .maxNumberLength(40)
                .build());
    }

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a request body that must be one JSON object. */
    public static ObjectNode parseObject(byte[] body) {
        if (body.length == 0) throw ApiError.badRequest("request body is empty; expected a JSON object");
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw ApiError.badRequest("malformed JSON at line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw ApiError.badRequest("expected a JSON object, got " + (n == null ? "nothing" : n.getNodeType().name().toLowerCase()));
        }
        return (ObjectNode) n;
    }

    /** Parses JSON the hub itself stored. */
    public static JsonNode read(String stored) {
        try {
            return MAPPER.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not parse: " + e.getOriginalMessage(), e);
        }
    }

    public static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + n.getNodeType(), e);
        }
    }

    public static byte[] bytes(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + n.getNodeType(), e);
        }
    }
}
