package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Print documents of up to {@value #MAX_BYTES} bytes, stored in chunks of {@value #CHUNK} bytes so
 * that no upload or download holds a whole document in memory. An upload is spooled to a private
 * temporary file first (a slow client then holds no database connection), then written in one
 * transaction. The id is derived from the site, content type and content: uploading the same bytes
 * again gives the same document, so a box office retrying "upload, then submit with the same
 * Idempotency-Key" gets its first job back instead of a 409.
 */
public final class DocumentStore {
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    static final int CHUNK = 256 * 1024;
    /** Plain text is not a document: it goes in a job's {@code content}, at most 60000 characters. */
    static final List<String> TYPES = List.of("application/pdf", "application/octet-stream");

    private final Db db;
    private final Clock clock;

    public DocumentStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public record Document(String id, String siteId, String contentType, long bytes, String sha256, int chunks, Instant createdAt) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("id", id).put("site_id", siteId).put("content_type", contentType).put("bytes", bytes).put("sha256", sha256);
            o.put("created_at", createdAt.toString());
            return o;
        }
    }

    /** The document, and whether this upload created it (false: the same bytes were uploaded before). */
    public record Stored(Document document, boolean created) {}

    /**
     * Stores {@code body} (read to its end; it throws a 413 {@link ApiError} past the limit) as a
     * document of the site. {@code contentType} must be one of {@link #TYPES}.
     */
    public Stored store(String tenantId, String siteId, String contentType, InputStream body) {
        Path spool = null;
        try {
            spool = Files.createTempFile("tillbridge-upload-", ".part");   // created 0600 on POSIX
            MessageDigest sha = sha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(spool), sha)) {
                size = body.transferTo(out);
            }
            if (size == 0) throw HubException.invalid("the document is empty");
            String hex = HexFormat.of().formatHex(sha.digest());
            String id = "doc_" + Secrets.sha256(siteId + "\n" + contentType + "\n" + hex).substring(0, 32);
            Optional<Document> known = get(siteId, id);
            if (known.isPresent()) return new Stored(known.get(), false);
            Document d = new Document(id, siteId, contentType, size, hex, (int) ((size + CHUNK - 1) / CHUNK), clock.instant());
            Path file = spool;
            try {
                db.tx(c -> {
                    Db.update(c, "INSERT INTO documents (id, tenant_id, site_id, content_type, byte_count, sha256, chunk_count, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, tenantId, siteId, contentType, size, hex, d.chunks(), d.createdAt());
                    try (InputStream in = Files.newInputStream(file)) {
                        for (int n = 0; n < d.chunks(); n++) {
                            Db.update(c, "INSERT INTO document_chunks (document_id, n, data) VALUES (?, ?, ?)", id, n, in.readNBytes(CHUNK));
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return null;
                });
            } catch (Db.Failure f) {
                if (!"23505".equals(f.sqlState())) throw f;
                return new Stored(get(siteId, id).orElseThrow(), false);   // the same upload, concurrently
            }
            return new Stored(d, true);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw HubException.invalid("could not read the document: " + e.getMessage());
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // a temporary file left behind; the system's tmp cleaning removes it
                }
            }
        }
    }

    /** The site's document with this id. */
    public Optional<Document> get(String siteId, String id) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT id, site_id, content_type, byte_count, sha256, chunk_count, created_at "
                    + "FROM documents WHERE id = ? AND site_id = ?", id, siteId);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Document(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getInt(6), Db.instant(rs, "created_at")));
            }
        });
    }

    /** Writes the document's content to {@code out}, one chunk in memory at a time. */
    public void copy(Document d, OutputStream out) throws IOException {
        for (int n = 0; n < d.chunks(); n++) {
            int i = n;
            byte[] chunk = db.tx(c -> {
                try (PreparedStatement ps = Db.prepare(c, "SELECT data FROM document_chunks WHERE document_id = ? AND n = ?", d.id(), i);
                     ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("document " + d.id() + " lacks chunk " + i);
                    return rs.getBytes(1);
                }
            });
            out.write(chunk);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
