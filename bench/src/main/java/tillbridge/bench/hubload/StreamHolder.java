package tillbridge.bench.hubload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tillbridge.agent.internal.Reconnect;

/**
 * Simulated agents, many per process: each holds {@code GET /agent/v1/stream?ping=P} over a raw
 * non-blocking socket (one selector thread for all), speaking the agent's protocol as far as the
 * hub can tell: bearer token, {@code Last-Event-ID} after the first job, pings read, and after a
 * close or a refusal it connects again on the agent's own schedule ({@link Reconnect}, which obeys
 * a 503's {@code Retry-After}). Agent {@code i} talks to hub {@code i % hubs} from source address
 * {@code sources[(i / hubs) % sources]} (one source address has ~28k ephemeral ports).
 *
 * <p>As a child process ({@link #main}) it prints its counters every 200 ms:
 * {@code holder open=N refused=N failed=N pings=N closed=N}.
 */
final class StreamHolder implements AutoCloseable {
    private static final int IN_FLIGHT = 1000;      // connections being opened at once (SYNs beyond the backlog are retried by TCP anyway)
    private static final int HEAD_MAX = 8192;
    private static final int LINE_MAX = 64 * 1024;
    private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern RETRY_AFTER = Pattern.compile("(?im)^Retry-After:\\s*(\\d{1,6})\\s*$");
    private static final Pattern REFERENCE = Pattern.compile("\"reference\":\"([^\"]{1,64})\"");

    private final List<InetSocketAddress> hubs;
    private final List<String> sources;
    private final int ping;
    private final Consumer<String> jobs;
    private final Selector selector = Selector.open();
    private final ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
    private final PriorityQueue<Agent> due = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
    private final List<Agent> agents = new ArrayList<>();
    private int connecting;
    volatile int open;
    volatile long refused, failed, pings, closed;
    private volatile boolean stopped;

    /** One simulated agent. */
    private final class Agent {
        final int index;
        final String token;
        final Reconnect policy = new Reconnect(new SplittableRandom());
        long dueNanos;
        long lastEventId = -1;
        SocketChannel channel;
        ByteBuffer request;
        ByteBuffer head;               // null once the response head has been read
        final StringBuilder line = new StringBuilder();
        String event;

        Agent(int index, String token) {
            this.index = index;
            this.token = token;
        }
    }

    /** {@code jobs} is told each job event's payment reference (null: jobs are only counted as events). */
    StreamHolder(List<String> tokens, List<InetSocketAddress> hubs, List<String> sources, int ping, Consumer<String> jobs) throws IOException {
        this.hubs = hubs;
        this.sources = sources;
        this.ping = ping;
        this.jobs = jobs;
        long now = System.nanoTime();
        for (int i = 0; i < tokens.size(); i++) {
            Agent a = new Agent(i, tokens.get(i));
            a.dueNanos = now;
            agents.add(a);
            due.add(a);
        }
    }

    /** Runs the selector loop on this thread until {@link #close}. */
    void run() throws IOException {
        while (!stopped) pump(50);
    }

    int agents() {
        return agents.size();
    }

    String counters() {
        return "holder open=" + open + " refused=" + refused + " failed=" + failed + " pings=" + pings + " closed=" + closed;
    }

    private void pump(long millis) throws IOException {
        long now = System.nanoTime();
        while (!due.isEmpty() && due.peek().dueNanos <= now && connecting < IN_FLIGHT) connect(due.poll());
        selector.select(millis);
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
            SelectionKey k = it.next();
            it.remove();
            Agent a = (Agent) k.attachment();
            try {
                if (k.isConnectable()) {
                    a.channel.finishConnect();
                    a.channel.write(a.request);
                    k.interestOps(SelectionKey.OP_READ);
                } else if (k.isReadable()) {
                    buf.clear();
                    int n = a.channel.read(buf);
                    if (n < 0) {
                        ended(a, k, Optional.empty());
                        continue;
                    }
                    buf.flip();
                    if (a.head != null && !readHead(a, k)) continue;
                    sse(a);
                }
            } catch (IOException e) {
                if (a.head != null) failed++;
                ended(a, k, Optional.empty());
            }
        }
    }

    private void connect(Agent a) {
        connecting++;
        a.head = ByteBuffer.allocate(HEAD_MAX);
        try {
            a.channel = SocketChannel.open();
            a.channel.configureBlocking(false);
            a.channel.bind(new InetSocketAddress(sources.get((a.index / hubs.size()) % sources.size()), 0));
            String req = "GET /agent/v1/stream?ping=" + ping + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + a.token + "\r\n" + (a.lastEventId >= 0 ? "Last-Event-ID: " + a.lastEventId + "\r\n" : "") + "\r\n";
            a.request = ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII));
            a.channel.connect(hubs.get(a.index % hubs.size()));
            a.channel.register(selector, SelectionKey.OP_CONNECT, a);
        } catch (IOException e) {
            failed++;
            connecting--;
            a.head = null;
            if (a.channel != null) closeQuietly(a.channel);
            schedule(a, Optional.empty());
        }
    }

    /** Gathers the response head; true once it is complete and the stream is open (200). */
    private boolean readHead(Agent a, SelectionKey k) {
        while (buf.hasRemaining() && a.head.hasRemaining()) a.head.put(buf.get());
        String text = new String(a.head.array(), 0, a.head.position(), StandardCharsets.US_ASCII);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            if (!a.head.hasRemaining()) {
                failed++;
                ended(a, k, Optional.empty());
            }
            return false;
        }
        // bytes after the head belong to the body: give them back to buf
        int extra = a.head.position() - (end + HEAD_END.length);
        buf.position(buf.position() - Math.min(extra, buf.position()));
        a.head = null;
        connecting--;
        if (text.startsWith("HTTP/1.1 200")) {
            open++;
            a.policy.connected();
            return true;
        }
        Matcher m = RETRY_AFTER.matcher(text);
        Optional<Duration> retryAfter = Optional.empty();
        if (text.startsWith("HTTP/1.1 503") && m.find()) {
            refused++;
            retryAfter = Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1))));
        } else {
            failed++;
        }
        closeQuietly(a.channel);
        k.cancel();
        schedule(a, retryAfter);
        return false;
    }

    /** Server-sent events, line by line: counts pings, remembers the last id, reports jobs. */
    private void sse(Agent a) {
        while (buf.hasRemaining()) {
            char c = (char) (buf.get() & 0xff);
            if (c != '\n') {
                if (a.line.length() < LINE_MAX) a.line.append(c);
                continue;
            }
            String l = a.line.toString();
            a.line.setLength(0);
            if (l.isEmpty()) {
                a.event = null;
            } else if (l.startsWith("event: ")) {
                a.event = l.substring(7);
                if (a.event.equals("ping")) pings++;
            } else if (l.startsWith("id: ")) {
                a.lastEventId = Long.parseLong(l.substring(4).trim());
            } else if (l.startsWith("data: ") && "job".equals(a.event) && jobs != null) {
                Matcher m = REFERENCE.matcher(l);
                if (m.find()) jobs.accept(m.group(1));
            }
        }
    }

    /** The connection ended (the hub closed it, or it failed): the agent reconnects on its schedule. */
    private void ended(Agent a, SelectionKey k, Optional<Duration> retryAfter) {
        if (a.head != null) {
            connecting--;
            a.head = null;
        } else {
            open--;
            closed++;
        }
        a.line.setLength(0);
        a.event = null;
        k.cancel();
        closeQuietly(a.channel);
        schedule(a, retryAfter);
    }

    private void schedule(Agent a, Optional<Duration> retryAfter) {
        if (stopped) return;
        a.dueNanos = System.nanoTime() + a.policy.nextDelay(retryAfter).toNanos();
        due.add(a);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        stopped = true;
        selector.wakeup();
    }

    /** Closes every socket; call on the loop's thread after {@link #run} returned. */
    void release() throws IOException {
        for (SelectionKey k : selector.keys()) k.channel().close();
        selector.close();
    }

    /** {@code --tokens FILE --hubs PORT,PORT --sources ADDR,ADDR --ping S}: holds the file's agents until killed. */
    public static void main(String[] args) throws Exception {
        Path tokens = null;
        List<InetSocketAddress> hubs = new ArrayList<>();
        List<String> sources = List.of("127.0.0.2");
        int ping = 30;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--tokens" -> tokens = Path.of(args[i + 1]);
                case "--hubs" -> {
                    for (String p : args[i + 1].split(",")) hubs.add(new InetSocketAddress("127.0.0.1", Integer.parseInt(p)));
                }
                case "--sources" -> sources = List.of(args[i + 1].split(","));
                case "--ping" -> ping = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --tokens FILE --hubs PORT,... --sources ADDR,... --ping S");
            }
        }
        if (tokens == null || hubs.isEmpty()) throw new IllegalArgumentException("--tokens and --hubs are required");
        StreamHolder h = new StreamHolder(Files.readAllLines(tokens), hubs, sources, ping, null);
        Thread reporter = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    System.out.println(h.counters());
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        h.run();
        reporter.interrupt();
    }
}
