package tillbridge.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import tillbridge.protocol.ProtocolException;

/**
 * JSON as plain Java values: maps, lists, strings, numbers, booleans and null, through
 * jackson-jr. Not jackson-databind: frob starts a JVM per ECR connection, and databind's few
 * hundred classes cost it time before its first answer (docs/performance.md).
 */
public final class PlainJson {
    /** Far above any packet (8 KiB frames) or config file, small enough that a runaway peer cannot exhaust memory. */
    public static final int MAX_TEXT = 64 * 1024;

    /**
     * Floats are read as BigDecimal, so that a number's text is kept as sent; a duplicate key is
     * an error, not a silent choice between two amounts.
     */
    private static final JSON JSON_VALUES = JSON.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(MAX_TEXT).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build()
            .with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);

    private PlainJson() {}

    /** One JSON document of at most {@link #MAX_TEXT} characters; the exception says what is wrong. */
    public static Object parse(String json) throws ProtocolException {
        if (json.length() > MAX_TEXT) throw new ProtocolException("JSON of " + json.length() + " characters, at most " + MAX_TEXT + " allowed");
        try {
            return JSON_VALUES.anyFrom(json);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProtocolException("not JSON: " + e.getMessage());
        }
    }

    /** Maps (in their iteration order), lists, strings, numbers and booleans as compact JSON. */
    public static String write(Object value) {
        try {
            return JSON_VALUES.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e);
        }
    }

    /** The text of a string, number or boolean; null for anything else. */
    public static String scalar(Object v) {
        if (v instanceof String s) return s;
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        return null;
    }
}
