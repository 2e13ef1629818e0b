package tillbridge.it;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An {@code ecr pay} running in the background, its stdout and stderr in files the test can watch. */
final class BackgroundPay implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;
    private final List<String> command;

    private BackgroundPay(Process process, Path out, Path err, List<String> command) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.command = command;
    }

    /** {@code ecr --connect 127.0.0.1:PORT pay AMOUNT PLN --ref REF}. */
    static BackgroundPay start(Path dir, int port, String amount, String ref) throws IOException {
        List<String> command = Programs.command("ecr", "--connect", "127.0.0.1:" + port, "pay", amount, "PLN", "--ref", ref);
        Path out = Files.createTempFile(dir, "pay-out", ".txt");
        Path err = Files.createTempFile(dir, "pay-err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new BackgroundPay(p, out, err, command);
    }

    /** Waits until the payment has printed {@code text} (e.g. "status 20": the terminal software has the sale). */
    BackgroundPay awaitOutput(String text) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .failFast(() -> !process.isAlive() && !Programs.read(out).contains(text)
                        ? failure("ecr ended before printing '" + text + "'") : false)
                .until(() -> Programs.read(out).contains(text));
        return this;
    }

    private boolean failure(String why) {
        throw new AssertionError(why + "\n--- stdout\n" + Programs.read(out) + "--- stderr\n" + Programs.read(err));
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits for the end (at most 60 s) and returns what it printed. */
    Run finish() throws IOException, InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            Programs.stop(process);
            throw new AssertionError(command + " still running after 60 s; stderr:\n" + Programs.read(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Override
    public void close() throws InterruptedException {
        Programs.stop(process);
    }
}
