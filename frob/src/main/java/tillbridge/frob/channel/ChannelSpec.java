package tillbridge.frob.channel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a channel is bound: {@code fd:N}, {@code path:/a/fifo}, {@code unix:/run/x.sock} or
 * {@code tcp:host:port} (docs/channels.md). Parsing checks the syntax only; {@link #open} connects.
 */
public record ChannelSpec(Kind kind, String target) {
    public enum Kind { FD, PATH, UNIX, TCP }

    public ChannelSpec {
        switch (kind) {
            case FD -> {
                if (!target.matches("\\d{1,9}")) throw new IllegalArgumentException("fd: needs a descriptor number, was 'fd:" + target + "'");
                if (Integer.parseInt(target) <= 2) throw new IllegalArgumentException("fd:" + target + " is taken: fd 0 and 1 are the ECR, fd 2 the log");
            }
            case PATH, UNIX -> {
                if (target.isEmpty()) throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT) + ": needs a path");
            }
            case TCP -> {
                int colon = target.lastIndexOf(':');
                String port = colon < 0 ? "" : target.substring(colon + 1);
                if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)
                    throw new IllegalArgumentException("tcp: needs host:port with a port 1-65535, was 'tcp:" + target + "'");
            }
        }
    }

    public static ChannelSpec parse(String spec) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? "" : spec.substring(0, colon);
        for (Kind k : Kind.values())
            if (k.name().toLowerCase(Locale.ROOT).equals(kind)) return new ChannelSpec(k, spec.substring(colon + 1));
        throw new IllegalArgumentException("channel spec must start with fd:, path:, unix: or tcp:, was '" + spec + "'");
    }

    /** Opens the binding for channel {@code name}; fails rather than blocks when the other side is not there. */
    public Binding open(ChannelName name) throws IOException {
        return switch (kind) {
            case FD -> FdChannel.open(name, Integer.parseInt(target));
            case PATH -> PathChannel.open(name, Path.of(target));
            case UNIX -> UnixChannel.open(name, Path.of(target));
            case TCP -> {
                int colon = target.lastIndexOf(':');
                String host = target.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
                yield TcpChannel.open(name, host, Integer.parseInt(target.substring(colon + 1)));
            }
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + target;
    }
}
