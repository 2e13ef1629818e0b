package tillbridge.contract;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a box office asks a site to do, as submitted and as the agent receives it. Optional fields
 * stay absent rather than defaulted, so that the job's {@code request} shows what was sent; the
 * defaults are methods ({@link Print#copiesOrDefault}). {@link JobJson} reads and writes them.
 */
public sealed interface JobRequest permits JobRequest.Payment, JobRequest.Print {
    /** The {@code type} on the wire: {@code payment}, {@code print}. */
    String type();

    /**
     * A card payment of {@code amount} minor units ({@link Amounts}) in an active ISO 4217
     * {@code currency}, under the box office's {@code reference}, on the named terminal or the
     * site's only one.
     */
    record Payment(long amount, String currency, String reference, Optional<String> terminal) implements JobRequest {
        public static final String TYPE = "payment";

        public Payment {
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(terminal, "terminal");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A print job: inline content or an uploaded document, on the named printer or the site's only
     * one; {@code reprintOf} names the print job it prints again.
     */
    record Print(Source source, Optional<String> printer, OptionalInt copies, Optional<String> reprintOf) implements JobRequest {
        public static final String TYPE = "print";
        public static final int DEFAULT_COPIES = 1;

        public Print {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(printer, "printer");
            Objects.requireNonNull(copies, "copies");
            Objects.requireNonNull(reprintOf, "reprintOf");
        }

        @Override
        public String type() {
            return TYPE;
        }

        public int copiesOrDefault() {
            return copies.orElse(DEFAULT_COPIES);
        }
    }

    /** What a print job prints. */
    sealed interface Source permits Inline, Stored {}

    /** Content carried in the job: text, or base64 for bytes; {@code encoding} absent means text. */
    record Inline(String contentType, String content, Optional<Encoding> encoding) implements Source {
        public Inline {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(encoding, "encoding");
        }

        /** The content's bytes: UTF-8 of the text, or the decoded base64. */
        public byte[] bytes() {
            return encoding.orElse(Encoding.TEXT) == Encoding.BASE64 ? Base64.getDecoder().decode(content)
                    : content.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A document uploaded to the site before, by id; its content type came with the upload. */
    record Stored(String document) implements Source {
        public Stored {
            Objects.requireNonNull(document, "document");
        }
    }

    enum Encoding {
        TEXT, BASE64;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
