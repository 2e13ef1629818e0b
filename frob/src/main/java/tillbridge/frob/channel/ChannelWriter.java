package tillbridge.frob.channel;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.protocol.Packet;

/**
 * Writes one session's messages to one channel in the channel format. After a write fails the
 * channel counts as lost and every later write is refused, so the caller can answer for it.
 */
public final class ChannelWriter {
    private static final Logger log = LoggerFactory.getLogger(ChannelWriter.class);

    private final ChannelName channel;
    private final String session;
    private final ChannelFormat format;
    private final OutputStream out;
    private boolean lost;

    public ChannelWriter(ChannelName channel, String session, ChannelFormat format, OutputStream out) {
        this.channel = channel;
        this.session = session;
        this.format = format;
        this.out = out;
    }

    public boolean open() {
        return !lost;
    }

    /** Writing to the channel failed where the bytes are written: every later write is refused. */
    public void lose(String why) {
        if (!lost) log.warn("{} channel lost: writing failed: {}", channel.wire(), why);
        lost = true;
    }

    /** Writes a packet; false if the channel is (now) lost. */
    public boolean send(Packet p) {
        return switch (format) {
            case ChannelFormat.Json j -> write(line(j.json().write(ChannelMessage.of(channel.wire(), session, p))), p.toString());
            case ChannelFormat.Frame _ -> write(p.frame().toArray(), p.toString());
        };
    }

    /** Announces the channel format version, when it has an announcement (JSON version 2): the first line on the channel. */
    public void sendHello() {
        if (format instanceof ChannelFormat.Json j) j.json().hello(channel.wire(), session).ifPresent(h -> write(line(h), "hello"));
    }

    /** Tells the terminal software why a message it sent was not taken (JSON format only). */
    public void sendError(String reason) {
        if (format instanceof ChannelFormat.Json j) write(line(j.json().write(new ChannelMessage.Error(channel.wire(), session, reason))), "error");
    }

    /** Tells the terminal software that the session ended (JSON format only). */
    public void sendClosed() {
        if (format instanceof ChannelFormat.Json j) write(line(j.json().write(new ChannelMessage.Closed(channel.wire(), session))), "closed");
    }

    private static byte[] line(String json) {
        return (json + "\n").getBytes(UTF_8);
    }

    private boolean write(byte[] bytes, String what) {
        if (lost) return false;
        try {
            out.write(bytes);
            out.flush();
            log.debug("{} channel <- {}", channel.wire(), what);
            return true;
        } catch (IOException e) {
            lost = true;
            log.warn("{} channel lost: writing {} failed: {}", channel.wire(), what, e.getMessage());
            return false;
        }
    }
}
