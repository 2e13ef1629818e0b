package tillbridge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;
import tillbridge.agent.internal.PrivateFiles;

/**
 * The site id and agent token from registration, kept in {@code credentials.json} (mode 0600) in
 * the config directory. The token never appears in {@link #toString()} or in a log.
 */
public record Credentials(String siteId, String token) {
    public static final String FILE = "credentials.json";

    public Credentials {
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) throw new IllegalArgumentException("agent token must not be blank");
    }

    @Override
    public String toString() {
        return "Credentials[site=" + siteId + ", token=<hidden>]";
    }

    public static Path file(Path configDir) {
        return configDir.resolve(FILE);
    }

    /** Reads the credentials; a missing file means the agent is not registered. */
    public static Credentials load(Path configDir) throws IOException {
        Path f = file(configDir);
        if (!Files.exists(f)) {
            throw new IOException(f + " not found: this agent is not registered; run 'agent register --hub URL --code CODE'");
        }
        JsonNode n = AgentConfig.JSON.readTree(Files.readString(f));
        if (n == null || !n.path("site_id").isTextual() || !n.path("token").isTextual()) {
            throw new IOException(f + " must hold {\"site_id\": …, \"token\": …}; register the agent again");
        }
        return new Credentials(n.get("site_id").asText(), n.get("token").asText());
    }

    /** Whether group or others may read the file (a warning, not a refusal). */
    public static boolean tooOpen(Path configDir) throws IOException {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file(configDir));
        return !PrivateFiles.FILE.containsAll(p);
    }

    /**
     * Stores the credentials: a new file created with mode 0600 before the secret is written,
     * synced, then renamed over the old one, in a directory made (or narrowed to) 0700.
     */
    public void store(Path configDir) throws IOException {
        PrivateFiles.directory(configDir);
        Path tmp = configDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        PrivateFiles.create(tmp);
        ObjectNode o = AgentConfig.JSON.createObjectNode().put("site_id", siteId).put("token", token);
        byte[] bytes = (AgentConfig.JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
        Files.move(tmp, file(configDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
