package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every program shares: one version string, -q/--quiet and -v/--verbose, and ./tb's exit codes;
 * and what the programs that never meet a terminal leave out: the ECR-EFT protocol.
 */
class ConventionsTest {
    private static final List<String> PROGRAMS = List.of("frob", "ecr", "terminal-sim", "nexo-proxy", "nexo-sim", "hub", "agent");

    @TempDir
    Path dir;

    @Test
    void everyProgramPrintsTheSameVersion() throws Exception {
        Set<String> versions = new HashSet<>();
        for (String program : PROGRAMS) {
            Run r = Run.of(dir, 60, Programs.command(program, "--version"));
            assertThat(r.exit()).as(program + "\n" + r).isZero();
            assertThat(r.out().strip()).as(program).matches(program + " \\d+\\.\\d+\\.\\d+(-\\S+)?");
            versions.add(r.out().strip().substring(program.length() + 1));
        }
        assertThat(versions).hasSize(1);
    }

    @Test
    void everyProgramTakesQuietAndVerbose() throws Exception {
        for (String program : PROGRAMS) {
            Run r = Run.of(dir, 60, Programs.command(program, "--help"));
            assertThat(r.exit()).as(program + "\n" + r).isZero();
            String help = program.equals("hub") || program.equals("agent") ? helpOf(program, program.equals("hub") ? "serve" : "run") : r.out();
            assertThat(help).as(program).contains("-q, --quiet").contains("-v, --verbose");
        }
    }

    private String helpOf(String program, String command) throws Exception {
        Run r = Run.of(dir, 60, Programs.command(program, command, "--help"));
        assertThat(r.exit()).as(program + " " + command + "\n" + r).isZero();
        return r.out();
    }

    /** A key store password that does not open the store is configuration: exit 100, one line, in every program with TLS. */
    @Test
    void aWrongTlsPasswordIsExit100Everywhere() throws Exception {
        Path ks = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Run made = Run.of(dir, 60, List.of(keytool, "-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "right-one"));
        assertThat(made.exit()).as(made.toString()).isZero();
        List<List<String>> commands = List.of(
                Programs.command("hub", "serve", "--listen", "127.0.0.1:0", "--data", dir.resolve("hub").toString(),
                        "--tls-keystore", ks.toString(), "--tls-password", "wrong"),
                Programs.command("nexo-sim", "--https", "127.0.0.1:0", "--tls-keystore", ks.toString(), "--tls-password", "wrong"),
                Programs.command("nexo-proxy", "--stdio", "--nexo", "https://127.0.0.1:1", "--poi-id", "P",
                        "--trust-store", ks.toString(), "--trust-store-password", "wrong"));
        for (List<String> command : commands) {
            Run r = Run.of(dir, 60, command);
            assertThat(r.exit()).as(command + "\n" + r).isEqualTo(100);
            assertThat(r.err().strip()).as(command + "\n" + r).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void tbSaysUsage100() throws Exception {
        Run r = Run.of(dir, 60, List.of(Programs.HOME.resolve("tb").toString(), "no-such-command"));
        assertThat(r.exit()).as(r.toString()).isEqualTo(100);
        assertThat(r.err().strip()).isEqualTo("tb: unknown command 'no-such-command' (see ./tb help)");
    }

    /** The hub and the watchdog run as packaged, from their jar's Class-Path, and none of it holds a protocol class. */
    @Test
    void programsThatNeverMeetATerminalCarryNoProtocol() throws Exception {
        for (String module : List.of("hub", "watchdog")) {
            for (Path jar : runtimeJarsOf(module)) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    assertThat(j.stream().map(JarEntry::getName).filter(n -> n.startsWith("tillbridge/protocol/"))).as(module + ": " + jar).isEmpty();
                }
            }
        }
    }

    /** A program's jar and every jar its manifest's Class-Path names. */
    private static List<Path> runtimeJarsOf(String module) throws Exception {
        Path jar = Programs.HOME.resolve(module).resolve("target").resolve(module + ".jar");
        List<Path> jars = new ArrayList<>(List.of(jar));
        try (JarFile j = new JarFile(jar.toFile())) {
            String classPath = j.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            assertThat(classPath).as(jar.toString()).isNotBlank();
            for (String entry : classPath.trim().split("\\s+")) jars.add(jar.resolveSibling(entry));
        }
        return jars;
    }
}
