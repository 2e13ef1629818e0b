package tillbridge.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate for one test run, made by the JDK's keytool as an operator would: a PKCS#12 key
 * store (password {@link #PASSWORD}) for the server and its certificate as PEM for the client.
 */
record SelfSigned(Path keyStore, Path pem) {
    static final String PASSWORD = "changeit";

    /** For {@code localhost} and 127.0.0.1, named {@code CN=<cn>}, valid two days. */
    static SelfSigned make(Path dir, String name, String cn) throws IOException, InterruptedException {
        SelfSigned s = new SelfSigned(dir.resolve(name + ".p12"), dir.resolve(name + ".pem"));
        keytool(dir, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", s.keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
        keytool(dir, "-exportcert", "-rfc", "-alias", name, "-keystore", s.keyStore.toString(), "-storepass", PASSWORD, "-file", s.pem.toString());
        return s;
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        Path log = dir.resolve("keytool.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("keytool " + args[0] + " failed: " + Programs.read(log));
    }
}
