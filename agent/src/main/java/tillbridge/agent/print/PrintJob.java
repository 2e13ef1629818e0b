package tillbridge.agent.print;

import java.util.Objects;
import java.util.Optional;

/**
 * One document to print.
 *
 * @param id     the hub's job id; IPP printers get it as {@code job-name}, so a job can be found
 *               again after a crash
 * @param copies 1..99
 * @param media  IPP media keyword (such as {@code iso_a4_210x297mm}); ignored by raw printers
 */
public record PrintJob(String id, Document document, int copies, Optional<String> media) {
    public PrintJob {
        Objects.requireNonNull(document, "document");
        if (id == null || !id.matches("[\\x21-\\x7E]{1,255}")) {
            throw new IllegalArgumentException("job id must be 1-255 printable ASCII characters, was " + id);
        }
        if (copies < 1 || copies > 99) throw new IllegalArgumentException("copies must be 1..99, was " + copies);
        media = media == null ? Optional.empty() : media;
    }

    public PrintJob(String id, Document document) {
        this(id, document, 1, Optional.empty());
    }
}
