package tillbridge.nexo;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tillbridge.common.Version;
import tillbridge.common.io.Closing;
import tillbridge.common.io.Exit;
import tillbridge.common.io.Listener;
import tillbridge.common.io.Problems;
import tillbridge.common.io.Readiness;
import tillbridge.nexo.transport.HttpsTransport;
import tillbridge.nexo.transport.PoiTransport;
import tillbridge.nexo.transport.TcpTransport;
import tillbridge.nexo.transport.TrustStores;

/** {@code nexo-proxy}: frob's payment channel on one side, a nexo Retailer POI (SaleToPOI JSON) on the other. */
@Command(name = "nexo-proxy", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = 100, exitCodeOnExecutionException = 101,
        description = {
            "Plays the terminal software on frob's payment channel (JSON lines, or ECR-EFT frames with --channel-format frame) "
                    + "and the Sale system of nexo Retailer toward a nexo payment application (POI), over HTTPS or plain TCP.",
            "S1 kind S: PaymentRequest; P1: AbortRequest; S1 kind C: TransactionStatusRequest; A1: LoginRequest; "
                    + "session end after a login: LogoutRequest. See docs/nexo.md.", ""},
        footer = {"", "S2 result codes of its own: 994 POI not reachable (nothing sent), 995 outcome unknown (sent, no usable answer),",
            "  993 busy, 996 no such transaction (status query), 999 rejected. The POI's answers map as in docs/nexo.md.",
            "Exit codes: 0 ok, 100 usage or configuration (a trust store that does not open), 101 bug, 111 system (bind or journal failed)."})
public final class Main implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "SPEC", description = "Listen for frob: HOST:PORT (or tcp:HOST:PORT) or unix:/path/to.sock (a stale socket file is removed). Repeatable.")
    List<String> listen = new ArrayList<>();

    @Option(names = "--stdio", description = "Serve one connection on stdin/stdout; exit at end of input unless --listen is also given.")
    boolean stdio;

    @Option(names = "--channel-format", paramLabel = "FORMAT", defaultValue = "json", description = "json (JSON lines, default: version 2 once frob announces it, else version 1) or frame (raw ECR-EFT frames, as frob --channel-format frame).")
    String channelFormat;

    @Option(names = "--nexo", paramLabel = "URL", required = true, description = "The POI: https://HOST[:PORT][/PATH] (one POST per request) or tcp://HOST:PORT (plain TCP, same machine or trusted LAN only).")
    String nexo;

    @Option(names = "--poi-id", paramLabel = "ID", required = true, description = "POIID of the payment application, in every MessageHeader.")
    String poiId;

    @Option(names = "--sale-id", paramLabel = "ID", defaultValue = "TILLBRIDGE", description = "SaleID for a Login before any payment (payments use the S1 ecr_id; default: ${DEFAULT-VALUE}).")
    String saleId;

    @Option(names = "--trust-store", paramLabel = "FILE", description = "Trust only the certificates in FILE (PKCS12/JKS key store, or PEM/DER certificates) for HTTPS; default: the JDK's trusted CAs.")
    Path trustStore;

    @Option(names = "--trust-store-password", paramLabel = "PASS", description = "Password of a PKCS12/JKS trust store, if it has one.")
    String trustStorePassword;

    @Option(names = "--connect-timeout", paramLabel = "S", defaultValue = "5", description = "Connecting to the POI (default: ${DEFAULT-VALUE}).")
    long connectTimeout;

    @Option(names = "--payment-timeout", paramLabel = "S", defaultValue = "180", description = "Waiting for a PaymentResponse; then S2 995 (default: ${DEFAULT-VALUE}).")
    long paymentTimeout;

    @Option(names = "--request-timeout", paramLabel = "S", defaultValue = "30", description = "Waiting for other responses (status, login, logout) and an abort's delivery (default: ${DEFAULT-VALUE}).")
    long requestTimeout;

    @Option(names = "--journal", paramLabel = "FILE", description = "Record the ServiceID of every payment in FILE (JSON lines, synced) and reload it at start, so status queries work after a restart.")
    Path journal;

    @Option(names = "--notify-fd", paramLabel = "N", description = "Write a newline to descriptor N once listening (s6 readiness).")
    Integer notifyFd;

    @Option(names = {"-v", "--verbose"}, description = "Log debug messages (nexo JSON with card numbers masked).")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Log warnings and errors only.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    private final InputStream stdin;
    private final OutputStream stdout;

    Main(InputStream stdin, OutputStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(run(args, new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out)));
    }

    static int run(String[] args, InputStream in, OutputStream out) {
        CommandLine cl = new CommandLine(new Main(in, out));
        cl.getCommandSpec().version(Version.of("nexo-proxy"));
        cl.setParameterExceptionHandler((e, given) -> {
            cl.getErr().println("nexo-proxy: " + e.getMessage());
            cl.getErr().println("Try 'nexo-proxy --help'.");
            return Exit.USAGE.code;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        Readiness readiness;
        try {
            readiness = Readiness.claim(notifyFd);
        } catch (Readiness.Refused e) {
            spec.commandLine().getErr().println("nexo-proxy: " + e.getMessage());
            return Exit.USAGE.code;
        }
        if (listen.isEmpty() && !stdio) throw new ParameterException(spec.commandLine(), "give --listen SPEC or --stdio");
        if (System.getProperty("tb.log.level") == null) System.setProperty("tb.log.level", verbose ? "DEBUG" : quiet ? "WARN" : "INFO");
        Logger log = LoggerFactory.getLogger(Main.class);
        Config config;
        boolean frames = switch (channelFormat.toLowerCase(java.util.Locale.ROOT)) {
            case "json" -> false;
            case "frame" -> true;
            default -> throw new ParameterException(spec.commandLine(), "--channel-format must be json or frame, was '" + channelFormat + "'");
        };
        if (connectTimeout <= 0) throw new ParameterException(spec.commandLine(), "--connect-timeout must be > 0");
        try {
            config = new Config(poiId, saleId, Duration.ofSeconds(paymentTimeout), Duration.ofSeconds(requestTimeout), frames);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PoiTransport poi;
        try {
            poi = transport(nexo, trustStore, trustStorePassword, Duration.ofSeconds(connectTimeout));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException | GeneralSecurityException e) {
            // a trust store that is missing, of no known format or with another password is configuration
            log.error("nexo-proxy: --trust-store: {}", Problems.describe(e));
            return Exit.USAGE.code;
        }
        List<Listener> listeners = new ArrayList<>();
        ServiceIdJournal j = null;
        try {
            j = journal == null ? ServiceIdJournal.inMemory() : ServiceIdJournal.open(journal);
            for (String s : listen) {
                try {
                    listeners.add(Listener.bind(s));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            Proxy proxy = new Proxy(config, poi, j);
            for (Listener l : listeners) l.start(proxy::serve);
            ServiceIdJournal opened = j;
            if (!listeners.isEmpty()) Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(listeners, opened)));
            log.info("nexo-proxy ready: POI {} at {}, {}, channel format {}, payment timeout {} s, {}", poiId, poi.describe(),
                    trustStore == null ? "JDK trust store" : "trust store " + trustStore, frames ? "frame" : "json", paymentTimeout, j);
            readiness.ready();
            if (stdio) proxy.serve("stdio", stdin, stdout);
            if (!listeners.isEmpty()) new CountDownLatch(1).await(); // until killed; the hook cleans up
            return Exit.OK.code;
        } catch (IOException e) {
            log.error("nexo-proxy: {}", Problems.describe(e));
            return Exit.SYSTEM.code;
        } finally {
            closeAll(listeners, j);
        }
    }

    /** The transport for {@code --nexo}: https:// or tcp://; anything else (plain http:// included) is refused. */
    static PoiTransport transport(String url, Path trustStore, String password, Duration connectTimeout) throws IOException, GeneralSecurityException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--nexo " + url + ": " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null) throw new IllegalArgumentException("--nexo " + url + ": no host; want https://HOST[:PORT][/PATH] or tcp://HOST:PORT");
        return switch (scheme) {
            case "https" -> {
                SSLContext ssl = TrustStores.context(trustStore, password == null ? null : password.toCharArray());
                yield new HttpsTransport(uri.getPath() == null || uri.getPath().isEmpty() ? uri.resolve("/") : uri, ssl, connectTimeout);
            }
            case "tcp" -> {
                if (uri.getPort() < 1) throw new IllegalArgumentException("--nexo " + url + ": tcp:// needs a port");
                if (trustStore != null) throw new IllegalArgumentException("--trust-store applies to https:// only; tcp:// is not encrypted");
                yield new TcpTransport(new InetSocketAddress(uri.getHost(), uri.getPort()), connectTimeout);
            }
            case "http" -> throw new IllegalArgumentException("--nexo " + url + ": plain HTTP is refused; use https://, or tcp://HOST:PORT for a POI on this machine or a trusted LAN");
            default -> throw new IllegalArgumentException("--nexo " + url + ": want https://HOST[:PORT][/PATH] or tcp://HOST:PORT");
        };
    }

    /** The listeners, then the journal (null when it never opened). */
    private static void closeAll(List<Listener> listeners, ServiceIdJournal journal) {
        List<Closeable> all = new ArrayList<>(listeners);
        all.add(journal);
        Closing.all(all);
    }
}
