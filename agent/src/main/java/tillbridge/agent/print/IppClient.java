package tillbridge.agent.print;

import com.hp.jipp.encoding.IppPacket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** IPP over HTTP: one request packet (and document) posted, one response packet read. */
final class IppClient {
    /** Nothing reached the printer: sending again is safe. */
    static final class NotSent extends IOException {
        NotSent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient http;
    private final URI url;
    private final Duration timeout;

    /** @param tls for an https:// URL (an ipps:// printer): whom to trust ({@link PrinterTrust}) */
    IppClient(URI url, Duration connectTimeout, Duration timeout, SSLContext tls) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).sslContext(tls).build();
        this.url = url;
        this.timeout = timeout;
    }

    IppPacket send(IppPacket request) throws IOException {
        return send(request, new byte[0]);
    }

    /** {@code document} follows the packet in the same body (Print-Job). */
    IppPacket send(IppPacket request, byte[] document) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        request.write(head);
        HttpRequest r = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/ipp")
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head.toByteArray()),
                        HttpRequest.BodyPublishers.ofByteArray(document)))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new NotSent("cannot connect to " + url.getHost() + ":" + url.getPort()
                    + (e.getMessage() == null ? " (connection refused)" : " (" + e.getMessage() + ")"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) throw new IOException("the printer answered HTTP " + response.statusCode());
        return IppPacket.read(new ByteArrayInputStream(response.body()));
    }
}
