package tillbridge.agent.ui;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import tillbridge.agent.internal.PrivateFiles;

/**
 * The per-install secret the status page sends with every state-changing request, so a page of
 * another site open in the venue's browser cannot make the agent do anything (its requests cannot
 * read the page that carries the secret). Random, made at the first start, kept 0600 in the
 * config directory.
 */
public final class UiSecret {
    public static final String FILE = "ui-secret";
    public static final String HEADER = "X-Tillbridge-Secret";
    private final String value;

    private UiSecret(String value) {
        this.value = value;
    }

    /** The secret in {@code configDir}, made (256 random bits) when there is none yet. */
    public static UiSecret loadOrCreate(Path configDir) throws IOException {
        Path f = configDir.resolve(FILE);
        if (Files.exists(f)) {
            String s = Files.readString(f).strip();
            if (s.matches("[0-9a-f]{64}")) {
                PrivateFiles.open(f, StandardOpenOption.READ).close(); // narrows a file made more open by hand
                return new UiSecret(s);
            }
        }
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String s = HexFormat.of().formatHex(b);
        PrivateFiles.directory(configDir);
        Path tmp = f.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = PrivateFiles.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap((s + "\n").getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) ch.write(buf);
        }
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new UiSecret(s);
    }

    public String value() {
        return value;
    }

    /** Compared in constant time, so the answer's timing tells nothing about the secret. */
    public boolean matches(String given) {
        return given != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "UiSecret[***]";
    }
}
