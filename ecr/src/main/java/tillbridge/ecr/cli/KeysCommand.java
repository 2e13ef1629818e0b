package tillbridge.ecr.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tillbridge.ecr.PairingResult;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Key pairing and key exchange (B1-B4): get the terminal's RSA public key, send it a new AES-256 key-encryption key "
                + "(RSA-OAEP, SHA-256) with its check value, and print whether the terminal verified it. The key is never printed."})
final class KeysCommand implements Callable<Integer> {
    @ParentCommand
    EcrCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--kek-file", paramLabel = "FILE", description = "Store the accepted key-encryption key in FILE (hex, mode 0600).")
    Path kekFile;

    @Override
    public Integer call() throws Exception {
        return parent.withSession(spec.commandLine(), (session, out) -> {
            PairingResult r = session.pairKeys();
            out.println("result " + r.result());
            out.println("stage " + r.stage());
            out.println("message " + r.message());
            if (r.accepted() && kekFile != null) {
                Path dir = kekFile.toAbsolutePath().getParent();
                Path tmp = Files.createTempFile(dir, ".kek", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                byte[] kek = r.kek().orElseThrow();
                try {
                    Files.writeString(tmp, HexFormat.of().withUpperCase().formatHex(kek) + "\n", StandardCharsets.US_ASCII);
                    Files.move(tmp, kekFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    java.util.Arrays.fill(kek, (byte) 0);
                    Files.deleteIfExists(tmp);
                }
                out.println("kek_file " + kekFile);
            }
            return r.accepted() ? EcrCli.OK : EcrCli.ERROR;
        });
    }
}
