package tillbridge.bench.hubload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@link StreamHolder}s as child processes, each with its slice of the agents (one process may
 * hold at most 20,000 open files here), and the sum of the counters they print.
 */
final class Holders implements AutoCloseable {
    private static final Pattern COUNTERS = Pattern.compile("holder open=(\\d+) refused=(\\d+) failed=(\\d+) pings=(\\d+) closed=(\\d+)");
    private final List<Process> processes = new ArrayList<>();
    private final long[][] latest;

    /** {@code tokens}: agent tokens; {@code ports}: the hub nodes; {@code sources}: local addresses to connect from. */
    Holders(List<String> tokens, List<Integer> ports, List<String> sources, int ping, int count, Path work) throws IOException {
        latest = new long[count][5];
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        int per = (tokens.size() + count - 1) / count;
        for (int h = 0; h < count; h++) {
            Path file = work.resolve("tokens-" + h);
            Files.write(file, tokens.subList(Math.min(tokens.size(), h * per), Math.min(tokens.size(), (h + 1) * per)));
            Process p = new ProcessBuilder(java, "-Xss256k", "-cp", cp, StreamHolder.class.getName(), "--tokens", file.toString(),
                    "--hubs", ports.stream().map(String::valueOf).collect(Collectors.joining(",")), "--sources", String.join(",", sources),
                    "--ping", Integer.toString(ping)).redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("holder-" + h + ".log").toFile())).start();
            processes.add(p);
            int slot = h;
            Thread.ofPlatform().daemon().start(() -> read(p, slot));
        }
    }

    private void read(Process p, int slot) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = COUNTERS.matcher(line);
                if (!m.matches()) continue;
                long[] v = new long[5];
                for (int i = 0; i < 5; i++) v[i] = Long.parseLong(m.group(i + 1));
                synchronized (latest) {
                    latest[slot] = v;
                }
            }
        } catch (IOException e) {
            // the holder was stopped
        }
    }

    private long sum(int field) {
        synchronized (latest) {
            long s = 0;
            for (long[] v : latest) s += v[field];
            return s;
        }
    }

    long open() {
        return sum(0);
    }

    long refused() {
        return sum(1);
    }

    long failed() {
        return sum(2);
    }

    long pings() {
        return sum(3);
    }

    long closed() {
        return sum(4);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) p.destroy();
        for (Process p : processes) p.waitFor();
    }
}
