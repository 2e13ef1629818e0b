package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * {@code DATA/admin.json}: where the running hub's admin endpoint listens and its token, so that
 * {@code hub admin …} on the same machine finds it with nothing but {@code --data DIR}. Written
 * 0600 inside the 0700 data directory (whoever can read it could read an H2 store there anyway)
 * and removed when the hub stops, unless another hub wrote it since.
 */
public final class AdminFile implements AutoCloseable {
    static final String NAME = "admin.json";
    private static final int MAX_BYTES = 4096;
    private final Path file;
    private final byte[] written;

    private AdminFile(Path file, byte[] written) {
        this.file = file;
        this.written = written;
    }

    /** Where a running hub's admin endpoint is, and its token. */
    public record Endpoint(String url, String token) {
        @Override
        public String toString() {
            return "Endpoint[" + url + ", token=<hidden>]";
        }
    }

    /** Writes {@code dir/admin.json} atomically (the directory is made private first). */
    public static AdminFile write(Path dir, Endpoint e) throws IOException {
        PrivateFiles.directory(dir);
        ObjectNode o = Json.object().put("url", e.url()).put("token", e.token());
        byte[] bytes = Json.bytes(o);
        Path tmp = Files.createTempFile(dir, "admin", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, bytes);
        Path file = dir.resolve(NAME);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new AdminFile(file, bytes);
    }

    /** The endpoint recorded in {@code dir/admin.json}; IOException naming the problem when there is none. */
    public static Endpoint read(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            b = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new IOException("no hub is running on " + dir + " (it has no " + NAME + "): start 'hub serve --data " + dir
                    + "', or give --admin URL and --admin-token-file FILE", e);
        }
        JsonNode n;
        try {
            n = b.length > MAX_BYTES ? null : Json.read(new String(b, StandardCharsets.UTF_8));
        } catch (IllegalStateException e) {
            n = null;
        }
        if (n == null || !n.path("url").isTextual() || !n.path("token").isTextual()) {
            throw new IOException(file + " is not what a hub writes ({\"url\": …, \"token\": …}); remove it and start the hub again");
        }
        return new Endpoint(n.get("url").asText(), n.get("token").asText());
    }

    /** Removes the file if it is still the one written here (another hub on the same directory may have replaced it). */
    @Override
    public void close() {
        try {
            if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), written)) Files.delete(file);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
