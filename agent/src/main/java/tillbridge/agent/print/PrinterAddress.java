package tillbridge.agent.print;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/** Where a printer is reached, parsed from the {@code uri} of its entry in agent.json. */
public sealed interface PrinterAddress {
    int IPP_PORT = 631;
    int RAW_PORT = 9100;

    /** The address as a URI to show a person (a cups: queue shows as its ipp:// URI). */
    String shown();

    /** An IPP printer; {@code printerUri} is the ipp(s):// URI the printer knows itself by. */
    record Ipp(URI printerUri) implements PrinterAddress {
        @Override
        public String shown() {
            return printerUri.toString();
        }

        /** The HTTP URL the IPP requests are posted to (IPP runs over HTTP, ipps over HTTPS). */
        public URI httpUri() {
            String scheme = printerUri.getScheme().equals("ipps") ? "https" : "http";
            int port = printerUri.getPort() < 0 ? IPP_PORT : printerUri.getPort();
            return URI.create(scheme + "://" + printerUri.getRawAuthority().replaceFirst(":\\d+$", "") + ":" + port + printerUri.getRawPath());
        }
    }

    /** A raw TCP printer (AppSocket / JetDirect), fed ESC/POS. */
    record Socket(String host, int port) implements PrinterAddress {
        @Override
        public String shown() {
            return "socket://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** A device file such as {@code /dev/usb/lp0}, fed ESC/POS. */
    record Device(Path path) implements PrinterAddress {
        @Override
        public String shown() {
            return "file:" + path;
        }
    }

    /**
     * Parses a printer URI, or says in one line what is wrong and what is accepted. A {@code cups:}
     * queue is on the CUPS server that the environment's {@code CUPS_SERVER} names, as for the CUPS
     * commands themselves ({@link #cupsServer}).
     */
    public static PrinterAddress parse(String text) {
        return parse(text, System.getenv("CUPS_SERVER"));
    }

    /**
     * {@code HOST[:PORT]} of the CUPS server that {@code cups:} queues are on: {@code cupsServer}
     * when it is such ({@code CUPS_SERVER=printhost:8631}), else {@code localhost:631} (also when
     * it names a domain socket, which this IPP client does not speak).
     */
    static String cupsServer(String cupsServer) {
        if (cupsServer == null || cupsServer.isBlank() || cupsServer.startsWith("/")) return "localhost:" + IPP_PORT;
        String s = cupsServer.trim();
        return s.matches(".*:\\d{1,5}") ? s : s + ":" + IPP_PORT;
    }

    static PrinterAddress parse(String text, String cupsServer) {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("cups:")) {
            String queue = t.substring(5);
            if (!queue.matches("[A-Za-z0-9_.-]{1,127}")) {
                throw new IllegalArgumentException("cups:QUEUE needs a queue name of A-Z a-z 0-9 _ . -, was '" + t + "'");
            }
            return new Ipp(URI.create("ipp://" + cupsServer(cupsServer) + "/printers/" + queue));
        }
        if (lower.startsWith("file:")) {
            String p = t.substring(5).replaceFirst("^//", "");
            if (!p.startsWith("/") || p.length() < 2) {
                throw new IllegalArgumentException("file: needs an absolute device path such as file:/dev/usb/lp0, was '" + t + "'");
            }
            return new Device(Path.of(p));
        }
        URI u;
        try {
            u = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a printer URI: " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ipp") && !scheme.equals("ipps") && !scheme.equals("socket")) {
            throw new IllegalArgumentException("unknown printer URI '" + t
                    + "'; use ipp://HOST[:PORT]/PATH, ipps://HOST[:PORT]/PATH, cups:QUEUE, socket://HOST[:PORT] or file:/DEVICE");
        }
        if (u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw new IllegalArgumentException(scheme + ":// needs a host and no user, query or fragment, was '" + t + "'");
        }
        if (scheme.equals("socket")) {
            if (!u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) {
                throw new IllegalArgumentException("socket://HOST[:PORT] takes no path, was '" + t + "'");
            }
            return new Socket(u.getHost(), u.getPort() < 0 ? RAW_PORT : u.getPort());
        }
        if (u.getRawPath().isEmpty() || u.getRawPath().equals("/")) {
            throw new IllegalArgumentException(scheme + ":// needs the printer's path, such as " + scheme + "://" + u.getHost() + "/ipp/print, was '" + t + "'");
        }
        return new Ipp(URI.create(scheme + "://" + u.getRawAuthority() + u.getRawPath()));
    }
}
