package tillbridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads fields of a JSON object with bounds, turning every violation into an {@link InvalidField}
 * that names the field, what was expected and the limit (the hub answers it with a 400).
 */
public record Fields(ObjectNode node) {
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    public static final String NAME_GRAMMAR = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final Pattern NAME = Pattern.compile(NAME_GRAMMAR);

    /** Rejects fields outside {@code allowed}, so that typos are not silently ignored. */
    public Fields only(Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw InvalidField.of(f, "unknown field '" + clip(f) + "'; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return this;
    }

    /** A required one-line printable string of 1..{@code maxChars} characters (see {@link #optString}). */
    public String string(String name, int maxChars) {
        String s = optString(name, maxChars);
        if (s == null) throw InvalidField.of(name, "field '" + name + "' is required (a string of 1.." + maxChars + " characters)");
        return s;
    }

    /**
     * An optional one-line printable string: no control characters (tab, line feed and carriage
     * return included), no line or paragraph separators, no lone surrogates. References and
     * names end up in logs, receipts and terminal displays, where such characters forge lines
     * or break encoders.
     */
    public String optString(String name, int maxChars) {
        return checked(name, maxChars, false);
    }

    /** A required multi-line text: as {@link #string} but tab, line feed and carriage return allowed. */
    public String text(String name, int maxChars) {
        String s = checked(name, maxChars, true);
        if (s == null) throw InvalidField.of(name, "field '" + name + "' is required (a string of 1.." + maxChars + " characters)");
        return s;
    }

    /** An optional device name (terminal, printer): {@value #NAME_GRAMMAR}. */
    public String optName(String name) {
        String s = optString(name, 64);
        if (s != null && !NAME.matcher(s).matches()) {
            throw InvalidField.of(name, "field '" + name + "' must match " + NAME_GRAMMAR + " (letters, digits, '.', '_', '-'; up to 64), was '"
                    + clip(s) + "'");
        }
        return s;
    }

    private String checked(String name, int maxChars, boolean multiline) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw InvalidField.of(name, "field '" + name + "' must be a string, got " + type(v));
        String s = v.textValue();
        if (s.isEmpty() || s.length() > maxChars) {
            throw InvalidField.of(name, "field '" + name + "' must have 1.." + maxChars + " characters, has " + s.length());
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean allowedControl = multiline && (c == '\n' || c == '\r' || c == '\t');
            if ((Character.isISOControl(c) && !allowedControl) || c == '\u2028' || c == '\u2029') {
                throw InvalidField.of(name, "field '" + name + "' contains control character U+" + String.format("%04X", (int) c)
                        + (multiline ? "" : "; it must be one line of printable text"));
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw InvalidField.of(name, "field '" + name + "' contains a lone surrogate U+" + String.format("%04X", (int) c) + " (not valid Unicode text)");
            }
        }
        return s;
    }

    /** A lower-case identifier word such as {@code terminal_status}. */
    public String word(String name) {
        String s = string(name, 32);
        if (!WORD.matcher(s).matches()) {
            throw InvalidField.of(name, "field '" + name + "' must match " + WORD.pattern() + ", was '" + clip(s) + "'");
        }
        return s;
    }

    public long integer(String name, long min, long max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) throw InvalidField.of(name, "field '" + name + "' is required (an integer " + min + ".." + max + ")");
        return checkInteger(name, v, min, max);
    }

    public long optInteger(String name, long min, long max, long dflt) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? dflt : checkInteger(name, v, min, max);
    }

    /** An optional boolean; absent or null is false. */
    public boolean optBoolean(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw InvalidField.of(name, "field '" + name + "' must be true or false, got " + type(v));
        return v.booleanValue();
    }

    public ObjectNode optObject(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isObject()) throw InvalidField.of(name, "field '" + name + "' must be an object, got " + type(v));
        return (ObjectNode) v;
    }

    private static long checkInteger(String name, JsonNode v, long min, long max) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw InvalidField.of(name, "field '" + name + "' must be an integer " + min + ".." + max + ", got " + type(v));
        }
        long x = v.longValue();
        if (x < min || x > max) throw InvalidField.of(name, "field '" + name + "' must be " + min + ".." + max + ", was " + x);
        return x;
    }

    public static String type(JsonNode v) {
        return v.isIntegralNumber() ? "integer" : v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    public static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
