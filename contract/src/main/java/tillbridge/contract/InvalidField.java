package tillbridge.contract;

/**
 * A JSON document that does not fit the contract: which field, and a message naming the field,
 * what was expected and the limit. Never carries a secret: messages clip the values they quote.
 */
public final class InvalidField extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    private InvalidField(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public static InvalidField of(String field, String message) {
        return new InvalidField(field, message);
    }

    /** The offending field's name, as it appears in the JSON. */
    public String field() {
        return field;
    }
}
