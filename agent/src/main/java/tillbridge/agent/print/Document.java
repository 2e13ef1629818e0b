package tillbridge.agent.print;

import java.nio.charset.StandardCharsets;

/**
 * A document to print, at most {@link #MAX_BYTES}: a PDF, a plain text receipt (UTF-8), or raw
 * bytes in the printer's own language (ESC/POS, PCL, ZPL…) passed through untouched.
 */
public final class Document {
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    public enum Kind {
        PDF("application/pdf"), TEXT("text/plain"), RAW("application/octet-stream");

        final String mediaType;

        Kind(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    private final Kind kind;
    private final byte[] content;

    private Document(Kind kind, byte[] content) {
        if (content.length > MAX_BYTES) {
            throw new IllegalArgumentException("document is " + content.length + " bytes; at most 16 MiB (" + MAX_BYTES + ") are printed");
        }
        this.kind = kind;
        this.content = content;
    }

    /**
     * A document of the given content type: {@code application/pdf}, {@code text/plain} (parameters
     * such as {@code charset=utf-8} allowed) or {@code application/octet-stream} (raw).
     */
    public static Document of(String contentType, byte[] content) {
        String base = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        for (Kind k : Kind.values()) {
            if (k.mediaType.equals(base)) return new Document(k, content.clone());
        }
        throw new IllegalArgumentException("content type '" + contentType
                + "' is not printed; use application/pdf, text/plain or application/octet-stream (raw printer language)");
    }

    public static Document text(String text) {
        return new Document(Kind.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public Kind kind() {
        return kind;
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** The bytes themselves, not copied: for this package's renderers, which only read them. */
    byte[] content() {
        return content;
    }
}
