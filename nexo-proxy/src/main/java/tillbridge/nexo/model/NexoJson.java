package tillbridge.nexo.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/** JSON for the nexo records: nexo's element names, nulls left out, unknown elements ignored, sizes bounded. */
public final class NexoJson {
    /** The largest SaleToPOI message nexo-proxy reads or writes, in bytes of UTF-8. */
    public static final int MAX_MESSAGE = 64 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxStringLength(MAX_MESSAGE).maxNumberLength(40).build());
    }

    private NexoJson() {}

    public static String write(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static byte[] bytes(Object message) {
        return write(message).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a document; the exception's message says what is wrong (without echoing the input). */
    public static <T> T read(byte[] json, Class<T> type) throws NexoException {
        if (json.length > MAX_MESSAGE) throw new NexoException("nexo message of " + json.length + " bytes, at most " + MAX_MESSAGE + " allowed");
        try {
            T t = JSON.readValue(json, type);
            if (t == null) throw new NexoException("empty nexo message");
            return t;
        } catch (JsonProcessingException e) {
            throw new NexoException("not a nexo " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new NexoException("unreadable nexo message: " + e.getMessage());
        }
    }

    public static <T> T read(String json, Class<T> type) throws NexoException {
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }
}
