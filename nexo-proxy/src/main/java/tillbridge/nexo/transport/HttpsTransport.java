package tillbridge.nexo.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import tillbridge.nexo.model.Nexo.RequestEnvelope;
import tillbridge.nexo.model.Nexo.ResponseEnvelope;
import tillbridge.nexo.model.Nexo.SaleToPOIRequest;
import tillbridge.nexo.model.NexoException;
import tillbridge.nexo.model.NexoJson;

/**
 * nexo over HTTPS: one POST per request, its response in the HTTP answer (like Adyen's Terminal
 * API local endpoint). The server certificate is checked against the trust store given (or the
 * JDK's) and the host name. Each exchange opens a connection of its own (a fresh client, closed
 * after it), so a failure to connect can only mean "not sent", never a stale pooled connection.
 */
public final class HttpsTransport implements PoiTransport {
    private final URI uri;
    private final SSLContext ssl;
    private final Duration connectTimeout;

    public HttpsTransport(URI uri, SSLContext ssl, Duration connectTimeout) {
        if (!"https".equalsIgnoreCase(uri.getScheme())) throw new IllegalArgumentException("not an https URL: " + uri);
        this.uri = uri;
        this.ssl = ssl;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public String describe() {
        return uri.toString();
    }

    @Override
    public Outcome exchange(SaleToPOIRequest request, Duration timeout, DeviceRequests device, Runnable sent) {
        return post(request, timeout, true, sent);
    }

    @Override
    public Outcome deliver(SaleToPOIRequest request, Duration timeout) {
        return post(request, timeout, false, () -> {});
    }

    private Outcome post(SaleToPOIRequest request, Duration timeout, boolean wantAnswer, Runnable sent) {
        byte[] body = NexoJson.bytes(new RequestEnvelope(request));
        HttpRequest r = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(new Signalling(HttpRequest.BodyPublishers.ofByteArray(body), sent)).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER).build()) {
            CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(r, info -> new BoundedBody(TcpFraming.MAX));
            HttpResponse<byte[]> resp;
            try {
                // the request timeout covers the wait for the answer's head; this one also covers its body
                resp = f.get(timeout.toMillis() + connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                return new Lost("no answer within " + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                return new Lost("interrupted while waiting for the answer");
            } catch (ExecutionException e) {
                return classify(e.getCause(), timeout);
            }
            int status = resp.statusCode();
            if (status >= 400 && status < 500) return new NotSent("the POI refused the request: HTTP " + status);
            if (status < 200 || status > 299) return new Lost("the POI answered HTTP " + status);
            if (!wantAnswer) return new Delivered();
            String json = new String(resp.body(), StandardCharsets.UTF_8);
            if (json.isBlank()) return new Lost("the POI answered HTTP " + status + " with an empty body");
            try {
                return new Answer(NexoJson.read(resp.body(), ResponseEnvelope.class), json);
            } catch (NexoException e) {
                return new Lost("unreadable answer: " + e.getMessage());
            }
        }
    }

    /** Failures before the request could be written are "not sent"; any later one leaves the outcome open. */
    static Outcome classify(Throwable t, Duration timeout) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) return new NotSent("no connection within the connect timeout");
            if (c instanceof ConnectException || c instanceof UnresolvedAddressException || c instanceof UnknownHostException)
                return new NotSent("cannot connect: " + describe(c));
            if (c instanceof SSLHandshakeException) return new NotSent("TLS handshake failed (is the POI's certificate in the trust store?): " + describe(c));
            if (c instanceof java.net.http.HttpTimeoutException) return new Lost("no answer within " + timeout.toSeconds() + " s");
        }
        return new Lost("the exchange failed after sending: " + describe(t));
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** A request body that runs {@code sent} once the client has taken all of it for writing. */
    record Signalling(HttpRequest.BodyPublisher body, Runnable sent) implements HttpRequest.BodyPublisher {
        @Override
        public long contentLength() {
            return body.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
            body.subscribe(new Flow.Subscriber<ByteBuffer>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    s.onSubscribe(subscription);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    s.onNext(item);
                }

                @Override
                public void onError(Throwable t) {
                    s.onError(t);
                }

                @Override
                public void onComplete() {
                    s.onComplete();
                    sent.run();
                }
            });
        }
    }

    /** Collects an answer body of at most {@code max} bytes; a longer one fails the exchange without being kept. */
    static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        BoundedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) return;
            for (ByteBuffer b : items) {
                if (buf.size() + b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("answer longer than " + max + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                buf.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buf.toByteArray());
        }
    }
}
