package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tillbridge.common.testing.LowPorts;

/**
 * s6-style readiness ({@code --notify-fd N}): each program writes one newline to descriptor N once
 * it is ready, then closes it; a descriptor that is not a pipe, FIFO or socket is refused at start. Descriptor 3 is a FIFO the test reads, as s6-supervise reads its pipe;
 * and once under s6-supervise itself, whose s6-svwait -U returns when frob is ready.
 */
class ReadinessNotificationTest {
    @TempDir
    Path dir;
    private Process process;

    @AfterEach
    void stop() throws Exception {
        Programs.stop(process);
    }

    @Test
    void listeningServerNotifiesOnceItsSocketIsBound() throws Exception {
        assertConnectableOnceNotified("frob", "");
    }

    @Test
    void terminalSimNotifiesOnceItListens() throws Exception {
        assertConnectableOnceNotified("terminal-sim", "tcp:");
    }

    /** Starts {@code program --listen <scheme>127.0.0.1:PORT more...}; once the newline came, PORT takes a connection. */
    private void assertConnectableOnceNotified(String program, String scheme, String... more) throws Exception {
        int port = LowPorts.free();
        List<String> args = new ArrayList<>(List.of("--listen", scheme + "127.0.0.1:" + port));
        args.addAll(List.of(more));
        byte[] notice = startAndReadNotice(program, args.toArray(String[]::new));
        assertThat(notice).containsExactly('\n');
        try (Socket s = new Socket()) { // no retry: the socket was bound before the newline
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        }
    }

    @Test
    void sessionNotifiesOnceItsChannelsAreBound() throws Exception {
        Path storage = dir.resolve("storage.jsonl");
        byte[] notice = startAndReadNotice("frob", "--storage", "path:" + storage);
        assertThat(notice).containsExactly('\n');
        assertThat(Programs.read(dir.resolve("frob.log"))).contains("storage channel bound to path:" + storage);
        Wire ecr = new Wire(process.getInputStream(), process.getOutputStream());
        EcrFrames.exchange(ecr, EcrFrames.t1("2711"), "T2");
    }

    @Test
    void s6SuperviseSeesTheServiceReady() throws Exception {
        int port = LowPorts.free();
        Path service = dir.resolve("frob-service");
        Files.createDirectories(service);
        Path run = service.resolve("run");
        Files.writeString(run, "#!/bin/sh\nexec 2>>'" + dir.resolve("frob.log") + "'\nexec '" + Programs.bin("frob")
                + "' --listen 127.0.0.1:" + port + " --notify-fd 3\n");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(service.resolve("notification-fd"), "3\n");
        process = Programs.start(dir.resolve("s6.log"), List.of("s6-supervise", service.toString()));
        try {
            Run up = Run.of(dir, 60, List.of("s6-svwait", "-U", "-t", "45000", service.toString()));
            assertThat(up.exit()).as(up.toString()).isZero();
            Run status = Run.of(dir, 30, List.of("s6-svstat", service.toString()));
            assertThat(status.out()).contains("up").contains("ready");
            assertThat(Programs.listening(port)).isTrue();
        } finally {
            Run.of(dir, 30, List.of("s6-svc", "-xd", service.toString())); // stop frob, then s6-supervise
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void nexoProxyNotifiesOnceItListens() throws Exception {
        assertConnectableOnceNotified("nexo-proxy", "tcp:", "--nexo", "tcp://127.0.0.1:1", "--poi-id", "POI1");
    }

    @Test
    void nexoSimNotifiesOnceItListens() throws Exception {
        int port = LowPorts.free();
        byte[] notice = startAndReadNotice("nexo-sim", "--tcp", "127.0.0.1:" + port);
        assertThat(notice).containsExactly('\n');
        assertThat(Programs.listening(port)).isTrue();
    }

    /** Every program with --notify-fd, with the options it needs to start (never reached: the descriptor is refused first). */
    static Stream<List<String>> programs() {
        return Stream.of(
                List.of("frob"),
                List.of("terminal-sim", "--listen", "tcp:127.0.0.1:0"),
                List.of("nexo-proxy", "--nexo", "tcp://127.0.0.1:1", "--poi-id", "POI1", "--listen", "tcp:127.0.0.1:0"),
                List.of("nexo-sim", "--tcp", "127.0.0.1:0"),
                List.of("hub", "serve", "--listen", "127.0.0.1:0"),
                List.of("agent", "run"));
    }

    @ParameterizedTest
    @MethodSource("programs")
    void aRegularFileOnTheDescriptorIsRefusedAndLeftUnchanged(List<String> program) throws Exception {
        Path file = dir.resolve("not-a-pipe");
        Files.writeString(file, "unchanged\n");
        Run r = runWithDescriptor3(program, "3>>'" + file + "'");
        assertThat(r.exit()).as(r.toString()).isEqualTo(100);
        assertThat(r.err().strip()).as(r.toString())
                .endsWith("--notify-fd 3: descriptor 3 is not an open pipe, FIFO or socket (it is a regular file)");
        assertThat(Files.readString(file)).isEqualTo("unchanged\n");
    }

    /** Descriptor 3 closed: the JVM then has a file of its own there, which must not be written to. */
    @ParameterizedTest
    @MethodSource("programs")
    void noDescriptorGivenIsRefused(List<String> program) throws Exception {
        Run r = runWithDescriptor3(program, "3>&-");
        assertThat(r.exit()).as(r.toString()).isEqualTo(100);
        assertThat(r.err()).as(r.toString()).contains("--notify-fd 3: descriptor 3 is not an open pipe, FIFO or socket");
    }

    /** Runs {@code program --notify-fd 3 ...} from a shell that sets descriptor 3 with {@code redirection}; in {@link #dir}, as agent's and hub's data directory. */
    private Run runWithDescriptor3(List<String> program, String redirection) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "cd '" + dir + "' && exec \"$0\" \"$@\" " + redirection,
                Programs.bin(program.getFirst()).toString()));
        command.addAll(program.subList(1, program.size()));
        command.addAll(List.of("--notify-fd", "3"));
        return Run.of(dir, 60, command);
    }

    @Test
    void descriptorsOfTheEcrAndTheLogAreRefused() throws Exception {
        Run r = Run.of(dir, 60, Programs.command("frob", "--notify-fd", "1"));
        assertThat(r.exit()).as(r.toString()).isEqualTo(100);
        assertThat(r.err()).contains("--notify-fd 1");
    }

    /**
     * Starts a program with {@code --notify-fd 3}, descriptor 3 being the write end of a FIFO; returns
     * everything written to it up to its close (readAllBytes ends only when the program closes it).
     */
    private byte[] startAndReadNotice(String program, String... args) throws Exception {
        Path fifo = dir.resolve("ready");
        Programs.mkfifo(fifo);
        List<String> command = new ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\" 3>'" + fifo + "'", Programs.bin(program).toString(), "--notify-fd", "3"));
        command.addAll(List.of(args));
        process = Programs.start(dir.resolve(program + ".log"), command);
        CompletableFuture<byte[]> notice = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = new FileInputStream(fifo.toFile())) {
                return in.readAllBytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return notice.get(EcrFrames.WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
