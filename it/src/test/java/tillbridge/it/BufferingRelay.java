package tillbridge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import tillbridge.common.testing.LowPorts;

/**
 * A middlebox that buffers event streams, as some corporate proxies and antivirus filters do: it
 * relays HTTP/1.1 between the agent and the hub, passes every complete response (by
 * Content-Length or chunked framing) at once, but holds a {@code text/event-stream} body until
 * 64 KiB have gathered, so the stream's pings never reach the agent while the connection stays open.
 */
final class BufferingRelay implements AutoCloseable {
    private static final int HOLD = 64 * 1024;
    private final ServerSocket server;
    private final int target;

    BufferingRelay(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket(LowPorts.free(), 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("relay-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket hub = new Socket(InetAddress.getLoopbackAddress(), target);
                Thread.ofVirtual().start(() -> copy(client, hub));
                Thread.ofVirtual().start(() -> responses(hub, client));
            } catch (IOException e) {
                // closed, or the hub is down: the agent sees a closed connection
            }
        }
    }

    private static void copy(Socket from, Socket to) {
        try (from; to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // either side went away
        }
    }

    private static void responses(Socket hub, Socket client) {
        try (hub; client) {
            InputStream in = hub.getInputStream();
            OutputStream out = client.getOutputStream();
            for (String head; (head = head(in)) != null; ) {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String h = head.toLowerCase(Locale.ROOT);
                int status = Integer.parseInt(head.substring(9, 12));
                if (h.contains("content-type: text/event-stream")) {
                    hold(in, out);
                    return;
                }
                if (status / 100 == 1 || status == 204 || status == 304) continue;
                long length = contentLength(h);
                if (length >= 0) out.write(in.readNBytes(Math.toIntExact(length)));
                else if (h.contains("transfer-encoding: chunked")) chunks(in, out);
                else {
                    in.transferTo(out);
                    return;
                }
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        }
    }

    private static void hold(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            held.write(buf, 0, n);
            if (held.size() >= HOLD) {
                held.writeTo(out);
                out.flush();
                held.reset();
            }
        }
        held.writeTo(out);
    }

    private static void chunks(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String size = line(in);
            out.write((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int n = Integer.parseInt(size.split(";")[0].strip(), 16);
            if (n == 0) {
                for (String trailer; !(trailer = line(in)).isEmpty(); ) out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            out.write(in.readNBytes(n + 2));
        }
    }

    private static long contentLength(String head) {
        int i = head.indexOf("content-length:");
        if (i < 0) return -1;
        int end = head.indexOf("\r\n", i);
        return Long.parseLong(head.substring(i + "content-length:".length(), end).strip());
    }

    /** A response head up to and including its blank line; null at end of stream. */
    private static String head(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String l; !(l = line(in)).isEmpty(); ) b.append(l).append("\r\n");
        return b.isEmpty() ? null : b.append("\r\n").toString();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') return b.toString().stripTrailing();
            b.append((char) c);
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
