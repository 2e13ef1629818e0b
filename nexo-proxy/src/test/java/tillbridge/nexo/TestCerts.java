package tillbridge.nexo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed POI certificate made at test time with the JDK's keytool (CN and SAN localhost / 127.0.0.1). */
final class TestCerts {
    static final String PASSWORD = "changeit";

    /** The key store (PKCS12) with the POI's key, and its certificate as PEM. */
    record Poi(Path keystore, Path certificate) {}

    private TestCerts() {}

    static Poi make(Path dir, String name) throws IOException, InterruptedException {
        Path ks = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(dir, List.of(keytool, "-genkeypair", "-alias", "poi", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD));
        run(dir, List.of(keytool, "-exportcert", "-rfc", "-alias", "poi", "-keystore", ks.toString(), "-storepass", PASSWORD, "-file", pem.toString()));
        return new Poi(ks, pem);
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "keytool", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool still running after 60 s");
        }
        if (p.exitValue() != 0) throw new IOException("keytool failed (" + p.exitValue() + "): " + Files.readString(log));
    }
}
