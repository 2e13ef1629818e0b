package tillbridge.nexo.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.nexo.model.Nexo.RequestEnvelope;
import tillbridge.nexo.model.Nexo.ResponseEnvelope;
import tillbridge.nexo.model.Nexo.SaleToPOIRequest;
import tillbridge.nexo.model.Nexo.SaleToPOIResponse;
import tillbridge.nexo.model.NexoException;
import tillbridge.nexo.model.NexoJson;

/**
 * nexo over plain TCP with {@link TcpFraming}: a connection per exchange. The request goes out as
 * one frame; while waiting for its response the POI may send its own requests (Display, Input,
 * Print) on the same connection, which are answered there. AbortRequest: connect, one frame,
 * close. No encryption and no authentication: for a POI on the same machine or a trusted LAN.
 */
public final class TcpTransport implements PoiTransport {
    private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);

    private final InetSocketAddress address;
    private final Duration connectTimeout;

    public TcpTransport(InetSocketAddress address, Duration connectTimeout) {
        this.address = address;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public String describe() {
        return "tcp://" + address.getHostString() + ":" + address.getPort();
    }

    @Override
    public Outcome exchange(SaleToPOIRequest request, Duration timeout, DeviceRequests device, Runnable sent) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket s = new Socket()) {
            try {
                s.connect(address, (int) connectTimeout.toMillis());
            } catch (IOException e) {
                return new NotSent("cannot connect to " + describe() + ": " + e.getMessage());
            }
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            try {
                TcpFraming.write(out, NexoJson.bytes(new RequestEnvelope(request)));
            } catch (IOException e) {
                return new Lost("writing the request failed: " + e.getMessage());
            }
            sent.run();
            for (;;) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return new Lost("no answer within " + timeout.toSeconds() + " s");
                s.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(left).toMillis())));
                byte[] frame;
                try {
                    frame = TcpFraming.read(in);
                } catch (SocketTimeoutException e) {
                    return new Lost("no answer within " + timeout.toSeconds() + " s");
                }
                if (frame == null) return new Lost("the POI closed the connection without answering");
                String json = new String(frame, StandardCharsets.UTF_8);
                ResponseEnvelope env;
                try {
                    env = NexoJson.read(frame, ResponseEnvelope.class);
                } catch (NexoException e) {
                    return new Lost("unreadable answer: " + e.getMessage());
                }
                if (env.response() != null || env.request() == null || env.request().event() != null) return new Answer(env, json);
                SaleToPOIResponse answer = device.apply(env.request());
                if (answer != null) TcpFraming.write(out, NexoJson.bytes(ResponseEnvelope.of(answer)));
            }
        } catch (IOException e) {
            return new Lost("the exchange failed after sending: " + e.getMessage());
        }
    }

    @Override
    public Outcome deliver(SaleToPOIRequest request, Duration timeout) {
        try (Socket s = new Socket()) {
            try {
                s.connect(address, (int) connectTimeout.toMillis());
            } catch (IOException e) {
                return new NotSent("cannot connect to " + describe() + ": " + e.getMessage());
            }
            TcpFraming.write(s.getOutputStream(), NexoJson.bytes(new RequestEnvelope(request)));
            s.shutdownOutput();
            return new Delivered();
        } catch (IOException e) {
            log.debug("delivering to {} failed: {}", describe(), e.toString());
            return new Lost("writing the request failed: " + e.getMessage());
        }
    }
}
