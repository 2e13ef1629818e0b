package tillbridge.nexo.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
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
import tillbridge.common.cli.OldNames;
import tillbridge.common.io.Exit;
import tillbridge.common.io.Problems;
import tillbridge.common.io.Readiness;
import tillbridge.nexo.model.Nexo.RequestEnvelope;
import tillbridge.nexo.model.Nexo.ResponseEnvelope;
import tillbridge.nexo.model.Nexo.SaleToPOIResponse;
import tillbridge.nexo.model.NexoException;
import tillbridge.nexo.model.NexoJson;
import tillbridge.nexo.transport.TcpFraming;

/**
 * {@code nexo-sim}: a test tool, a nexo payment application (POI) simulator serving SaleToPOI JSON
 * over HTTPS (one request per POST) and over plain TCP ({@link TcpFraming}). Used by the tests
 * in-process ({@link #start}) and from the command line for the runnable example of docs/nexo.md.
 * Not a payment application: it never sees a card.
 */
@Command(name = "nexo-sim", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = 100, exitCodeOnExecutionException = 101,
        description = {"A nexo payment application simulator (test tool): Payment (amount rules as terminal-sim: .51, .05 declined, "
                + ".99 slow, above 1,000,000.00 declined), Abort, TransactionStatus, Login, Logout. See docs/nexo.md.", ""})
public final class NexoSim implements AutoCloseable, Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(NexoSim.class);

    @Option(names = "--https", paramLabel = "HOST:PORT", description = "Serve HTTPS POST on HOST:PORT (needs --tls-keystore).")
    String httpsAt;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS12 key store with the server's key and certificate.")
    Path keystore;

    // no picocli default: it would be applied after the old option's setter and overwrite its value
    @Option(names = "--tls-password", paramLabel = "PASS", description = "Key store password (default: changeit).")
    String keystorePassword;

    @Option(names = "--keystore", paramLabel = "FILE", hidden = true, description = "Old name of --tls-keystore.")
    void oldKeystore(Path file) {
        OldNames.used("nexo-sim", "--keystore", "--tls-keystore");
        keystore = file;
    }

    @Option(names = "--keystore-password", paramLabel = "PASS", hidden = true, description = "Old name of --tls-password.")
    void oldKeystorePassword(String password) {
        OldNames.used("nexo-sim", "--keystore-password", "--tls-password");
        keystorePassword = password;
    }

    @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "Serve nexo over plain TCP (4-byte length + JSON) on HOST:PORT.")
    String tcpAt;

    @Option(names = "--step-ms", paramLabel = "MS", defaultValue = "300", description = "Pause before authorising (default: ${DEFAULT-VALUE}).")
    long stepMs;

    @Option(names = "--slow-ms", paramLabel = "MS", defaultValue = "10000", description = "Extra pause for .99 amounts (default: ${DEFAULT-VALUE}).")
    long slowMs;

    @Option(names = {"--merchant-id", "--mid"}, paramLabel = "ID", defaultValue = "M00012345", description = "MerchantID in approvals (default: ${DEFAULT-VALUE}).")
    String merchantId;

    @Option(names = "--device-requests", description = "During TCP payments, send the Sale system a DisplayRequest (cashier display) before authorising "
            + "and a PrintRequest (cashier receipt) after an approval, and wait for their answers.")
    boolean deviceRequests;

    @Option(names = "--notify-fd", paramLabel = "N", description = "Write a newline to descriptor N once listening.")
    Integer notifyFd;

    @Option(names = {"-v", "--verbose"}, description = "Log debug messages.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Log warnings and errors only.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    private HttpsServer https;
    private ExecutorService httpsThreads;
    private ServerSocket tcp;
    private SimPoi poi;

    public NexoSim() {}

    /** Starts a simulator: HTTPS on {@code httpsAt} when {@code ssl} is given, TCP on {@code tcpAt} when given (port 0: any free port). */
    public static NexoSim start(SimPoi poi, InetSocketAddress httpsAt, SSLContext ssl, InetSocketAddress tcpAt) throws IOException {
        NexoSim s = new NexoSim();
        s.poi = poi;
        try {
            if (httpsAt != null) s.startHttps(httpsAt, ssl);
            if (tcpAt != null) s.startTcp(tcpAt);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    public int httpsPort() {
        return https.getAddress().getPort();
    }

    public int tcpPort() {
        return tcp.getLocalPort();
    }

    public SimPoi poi() {
        return poi;
    }

    /** A server SSL context from a PKCS12 (or JKS) key store. */
    public static SSLContext serverContext(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        // KeyStore.getInstance(File) would refuse a missing file with an IllegalArgumentException
        if (!Files.isRegularFile(keystore)) throw new NoSuchFileException(keystore.toString());
        KeyStore ks = KeyStore.getInstance(keystore.toFile(), password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private void startHttps(InetSocketAddress at, SSLContext ssl) throws IOException {
        try {
            https = HttpsServer.create(at, 16);
        } catch (IOException e) {
            throw cannotListen(at, e);
        }
        https.setHttpsConfigurator(new HttpsConfigurator(ssl));
        httpsThreads = Executors.newVirtualThreadPerTaskExecutor();
        https.setExecutor(httpsThreads);
        https.createContext("/", this::onPost);
        https.start();
        log.info("nexo-sim: HTTPS on {}", https.getAddress());
    }

    /** The address as given, and why: the cause stays, so that a test can tell a port taken meanwhile. */
    private static IOException cannotListen(InetSocketAddress at, IOException e) {
        return new IOException("cannot listen on " + at.getHostString() + ":" + at.getPort() + ": " + Problems.describe(e), e);
    }

    private void onPost(HttpExchange x) throws IOException {
        try (x) {
            if (!"POST".equals(x.getRequestMethod())) {
                x.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = in.readNBytes(TcpFraming.MAX + 1);
            }
            ResponseEnvelope answer = body.length > TcpFraming.MAX ? SimPoi.reject("request longer than " + TcpFraming.MAX + " bytes") : answer(body, null);
            if (answer == null) {
                x.sendResponseHeaders(200, -1);
                return;
            }
            byte[] json = NexoJson.bytes(answer);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(200, json.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(json);
            }
        } catch (RuntimeException e) {
            log.error("nexo-sim: bug: {}", e.toString(), e);
        }
    }

    private ResponseEnvelope answer(byte[] body, SimPoi.DeviceChannel device) {
        RequestEnvelope env;
        try {
            env = NexoJson.read(body, RequestEnvelope.class);
        } catch (NexoException e) {
            return SimPoi.reject(e.getMessage());
        }
        if (env.request() == null) return SimPoi.reject("no SaleToPOIRequest");
        return poi.handle(env.request(), device);
    }

    private void startTcp(InetSocketAddress at) throws IOException {
        tcp = new ServerSocket();
        try {
            tcp.bind(at, 16);
        } catch (IOException e) {
            throw cannotListen(at, e);
        }
        log.info("nexo-sim: TCP on {}", tcp.getLocalSocketAddress());
        Thread.ofVirtual().name("nexo-sim-accept").start(() -> {
            try {
                for (;;) {
                    Socket c = tcp.accept();
                    Thread.ofVirtual().name("nexo-sim-" + c.getRemoteSocketAddress()).start(() -> serveTcp(c));
                }
            } catch (IOException e) {
                log.debug("nexo-sim: TCP listener closed: {}", e.toString());
            }
        });
    }

    private void serveTcp(Socket c) {
        try (c) {
            c.setSoTimeout(600_000);
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            SimPoi.DeviceChannel device = r -> {
                try {
                    TcpFraming.write(out, NexoJson.bytes(new RequestEnvelope(r)));
                    byte[] f = TcpFraming.read(in);
                    return f == null ? null : NexoJson.read(f, ResponseEnvelope.class).response();
                } catch (IOException | NexoException e) {
                    log.warn("nexo-sim: device request failed: {}", e.getMessage());
                    return null;
                }
            };
            for (byte[] frame; (frame = TcpFraming.read(in)) != null; ) {
                ResponseEnvelope answer = answer(frame, device);
                if (answer != null) TcpFraming.write(out, NexoJson.bytes(answer));
            }
        } catch (SocketException e) {
            log.debug("nexo-sim: connection ended: {}", e.toString());
        } catch (IOException e) {
            log.warn("nexo-sim: TCP connection: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (https != null) https.stop(0);
        if (httpsThreads != null) httpsThreads.shutdownNow();
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException e) {
                log.debug("closing: {}", e.toString());
            }
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the simulator from the command line until killed; returns the exit code of a failed start. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new NexoSim());
        cl.getCommandSpec().version(Version.of("nexo-sim"));
        cl.setParameterExceptionHandler((e, given) -> {
            cl.getErr().println("nexo-sim: " + e.getMessage());
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
            System.err.println("nexo-sim: " + e.getMessage());
            return Exit.USAGE.code;
        }
        if (System.getProperty("tb.log.level") == null) System.setProperty("tb.log.level", verbose ? "DEBUG" : quiet ? "WARN" : "INFO");
        CommandLine cl = spec.commandLine();
        if (httpsAt == null && tcpAt == null) throw new ParameterException(cl, "give --https HOST:PORT and/or --tcp HOST:PORT");
        if (httpsAt != null && keystore == null) throw new ParameterException(cl, "--https needs --tls-keystore");
        InetSocketAddress httpsAddress = httpsAt == null ? null : address(cl, "--https", httpsAt);
        InetSocketAddress tcpAddress = tcpAt == null ? null : address(cl, "--tcp", tcpAt);
        SSLContext ssl = null;
        if (keystore != null) {
            try {
                ssl = serverContext(keystore, (keystorePassword == null ? "changeit" : keystorePassword).toCharArray());
            } catch (IOException | GeneralSecurityException e) {
                System.err.println("nexo-sim: --tls-keystore " + keystore + ": " + Problems.describe(e));
                return Exit.USAGE.code; // a key store that is missing or does not open is configuration
            }
        }
        SimPoi p = new SimPoi(new SimPoi.Options(Duration.ofMillis(stepMs), Duration.ofMillis(slowMs), merchantId, deviceRequests));
        try (NexoSim s = start(p, httpsAddress, ssl, tcpAddress)) {
            log.info("nexo-sim ready{}{}", s.https == null ? "" : ", HTTPS port " + s.httpsPort(), s.tcp == null ? "" : ", TCP port " + s.tcpPort());
            readiness.ready();
            new CountDownLatch(1).await();
        } catch (IOException e) {
            System.err.println("nexo-sim: " + e.getMessage());
            return Exit.SYSTEM.code;
        }
        return Exit.OK.code;
    }

    /** HOST:PORT of {@code option}; a usage error otherwise. */
    static InetSocketAddress address(CommandLine cl, String option, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        int port = -1;
        if (colon > 0 && hostPort.substring(colon + 1).matches("\\d{1,5}")) port = Integer.parseInt(hostPort.substring(colon + 1));
        if (port < 0 || port > 65535) throw new ParameterException(cl, option + " needs HOST:PORT with a port 0-65535, was '" + hostPort + "'");
        return new InetSocketAddress(hostPort.substring(0, colon), port);
    }
}
