package tillbridge.frob;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tillbridge.common.Version;
import tillbridge.common.io.Descriptors;
import tillbridge.common.io.Exit;
import tillbridge.common.io.Readiness;
import tillbridge.frob.channel.Binding;
import tillbridge.frob.channel.ChannelFormat;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.channel.ChannelSpec;
import tillbridge.frob.config.ConfigException;
import tillbridge.frob.config.ConfigFile;
import tillbridge.frob.config.FrobConfig;
import tillbridge.frob.lock.FileTransactionLock;
import tillbridge.frob.lock.InProcessLock;
import tillbridge.frob.lock.TransactionLock;
import tillbridge.frob.log.StderrLog;
import tillbridge.frob.mux.ChannelMux;
import tillbridge.frob.serial.SerialLine;
import tillbridge.frob.server.EcrListener;
import tillbridge.frob.session.Session;

/**
 * {@code frob}: the ECR on stdin/stdout (or descriptors 6/7, a serial port, or its own TCP
 * server), logs on stderr (docs/frob.md, docs/integration.md). Options in {@link Options}.
 */
public final class Main {
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    private static final int DEFAULT_BAUD = 9600;

    private final OutputStream ecrOut;
    private final Options o;
    private final Readiness readiness;

    private Main(OutputStream ecrOut, Options o, Readiness readiness) {
        this.ecrOut = ecrOut;
        this.o = o;
        this.readiness = readiness;
    }

    public static void main(String[] args) {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err); // stdout carries protocol bytes only, whatever a library prints
        // Named, SLF4J need not scan every jar for providers: time the ECR waits at each start
        System.setProperty("slf4j.provider", StderrLog.class.getName());
        System.setProperty("slf4j.internal.verbosity", "WARN");
        nameSelectorProvider();
        System.exit(run(stdout, args));
    }

    /**
     * The first unix: or tcp: channel asks the JDK for its selector provider, which otherwise opens
     * every jar on the class path looking for another one (~10 ms of a start, docs/performance.md).
     * Named only where the JDK has the Linux one, and never over a name the user set.
     */
    static void nameSelectorProvider() {
        String property = "java.nio.channels.spi.SelectorProvider";
        String linux = "sun.nio.ch.EPollSelectorProvider";
        if (System.getProperty(property) == null && Object.class.getResource("/" + linux.replace('.', '/') + ".class") != null) {
            System.setProperty(property, linux);
        }
    }

    /** Runs frob with {@code --help} and {@code --version} written to {@code stdout}; every failure is an {@link Exit} code. */
    static int run(OutputStream stdout, String... args) {
        Options o;
        try {
            o = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("frob: " + e.getMessage() + "\nTry 'frob --help'.");
            return Exit.USAGE.code;
        }
        if (o.help || o.version) {
            try {
                stdout.write((o.help ? Options.HELP : Version.of("frob") + "\n").getBytes(UTF_8));
                stdout.flush();
                return Exit.OK.code;
            } catch (IOException e) {
                return Exit.SYSTEM.code;
            }
        }
        Readiness readiness;
        try {
            readiness = Readiness.claim(o.notifyFd);
        } catch (Readiness.Refused e) {
            System.err.println("frob: " + e.getMessage());
            return Exit.USAGE.code;
        }
        try {
            return new Main(stdout, o, readiness).call();
        } catch (RuntimeException | Error e) {
            LoggerFactory.getLogger(Main.class).error("bug: {}", e.toString(), e);
            return Exit.BUG.code;
        }
    }

    private int call() {
        String env = System.getenv("FROB_LOG");
        System.setProperty("frob.log", level(env));
        String pid = Long.toString(ProcessHandle.current().pid());
        MDC.put("session", o.listen != null ? pid : pid + "-1");
        Logger log = LoggerFactory.getLogger(Main.class);
        if (env != null && !LEVELS.contains(env.toUpperCase(Locale.ROOT))) log.warn("FROB_LOG={} is not a log level; using info", env);
        log.info("frob {} starting{}", o.listen != null ? "server " + pid : "session " + pid + "-1", Ucspi.describe());
        FrobConfig config;
        try {
            config = configure();
            checkOptions(config);
        } catch (ConfigException | IllegalArgumentException e) {
            log.error("{}", e.getMessage());
            return Exit.USAGE.code;
        } catch (IOException e) {
            log.error("reading {}: {}", o.configFile, e.toString());
            return Exit.SYSTEM.code;
        }
        FileTransactionLock file = null;
        if (o.lockFile != null) {
            try {
                file = FileTransactionLock.open(o.lockFile);
            } catch (IOException e) {
                log.error("--lock {}: cannot open the lock file: {}", o.lockFile, e.toString());
                return Exit.SYSTEM.code;
            }
        }
        return o.listen != null ? serve(config, file, log) : session(pid + "-1", config, file, log);
    }

    /** One session: the ECR on stdin/stdout, descriptors 6/7 or a serial port. */
    private int session(String id, FrobConfig config, TransactionLock file, Logger log) {
        InputStream in = new FileInputStream(FileDescriptor.in);
        OutputStream out = ecrOut;
        int fd = 0; // polled by the session itself; a serial port is read through its library instead
        try {
            if (o.ucspiClient) {
                // fdmove 0 6, fdmove 1 7: the System streams then are the connection
                Descriptors.requireStream(6, "--ucspi-client");
                Descriptors.requireStream(7, "--ucspi-client");
                Descriptors.move(6, 0);
                Descriptors.move(7, 1);
                log.info("ECR connection on descriptors 6 and 7 (UCSPI client)");
            } else if (o.serial != null) {
                SerialLine line = SerialLine.open(o.serial, o.baud == null ? DEFAULT_BAUD : o.baud);
                in = line.in();
                out = line.out();
                fd = -1;
                log.info("ECR on serial port {}", line.description());
            }
        } catch (IOException e) {
            log.error("{}{}", e.getMessage(), o.ucspiClient ? " (--ucspi-client expects the connection on descriptors 6 and 7: run under tcpclient)" : "");
            return Exit.SYSTEM.code;
        }
        Map<ChannelName, Binding> bindings = bind(config, log);
        if (bindings == null) return Exit.SYSTEM.code;
        TransactionLock lock = file == null ? TransactionLock.NONE : file;
        if (file != null) log.info("one transaction at a time: {}", file);
        readiness.ready();
        return new Session(id, config, in, fd, out, bindings, System::nanoTime, lock).run().code;
    }

    /** {@code --listen}: a session per connection, one transaction at a time across them (and across processes with --lock). */
    private int serve(FrobConfig config, TransactionLock file, Logger log) {
        TransactionLock lock = file == null ? new InProcessLock() : TransactionLock.both(new InProcessLock(), file);
        try (EcrListener listener = EcrListener.bind(o.listen)) {
            log.info("listening on {}; one session per ECR connection; one transaction at a time: {}",
                    listener.address().getAddress().getHostAddress() + ":" + listener.address().getPort(), lock);
            readiness.ready();
            listener.serve((id, in, out) -> new Session(id, config, in, out, open(config, log), System::nanoTime, lock).run());
            return Exit.OK.code;
        } catch (IOException e) {
            log.error("{}", e.getMessage());
            return Exit.SYSTEM.code;
        }
    }

    /** The channel bindings: one connection for all ({@code --channels}) or each by its spec; null when --channels failed. */
    private Map<ChannelName, Binding> bind(FrobConfig config, Logger log) {
        if (o.channels == null) return open(config, log);
        ChannelSpec spec = ChannelSpec.parse(o.channels);
        try {
            Map<ChannelName, Binding> all = ChannelMux.open(spec);
            log.info("all channels bound to {} (JSON lines tagged with their channel)", spec);
            return all;
        } catch (IOException e) {
            log.error("--channels {}: {}", spec, e.getMessage());
            return null;
        }
    }

    /** Combinations of options that cannot work; the message says what to do instead. */
    private void checkOptions(FrobConfig config) {
        int modes = (o.ucspiClient ? 1 : 0) + (o.listen != null ? 1 : 0) + (o.serial != null ? 1 : 0);
        if (modes > 1) throw new IllegalArgumentException("give at most one of --ucspi-client, --listen, --serial");
        if (o.baud != null && o.serial == null) throw new IllegalArgumentException("--baud needs --serial");
        if (o.baud != null) SerialLine.checkBaud(o.baud);
        if (o.listen != null) EcrListener.parse(o.listen);
        if (o.notifyFd != null && o.notifyFd <= 2) throw new IllegalArgumentException("--notify-fd " + o.notifyFd + ": descriptors 0, 1 and 2 are the ECR and the log");
        if (o.notifyFd != null && o.ucspiClient && (o.notifyFd == 6 || o.notifyFd == 7))
            throw new IllegalArgumentException("--notify-fd " + o.notifyFd + " is the ECR connection under --ucspi-client");
        if (o.channels != null) {
            if (o.payment != null || o.device != null || o.ui != null || o.storage != null)
                throw new IllegalArgumentException("--channels binds all four channels; drop --payment, --device, --ui and --storage");
            if (!(config.channelFormat() instanceof ChannelFormat.Json))
                throw new IllegalArgumentException("--channels needs --channel-format json: each message is tagged with its channel, and a frame has no room for the tag");
            if (ChannelSpec.parse(o.channels).kind() == ChannelSpec.Kind.PATH)
                throw new IllegalArgumentException("--channels needs a two-way connection (fd:N of a socketpair end, unix:, tcp:), not path:" );
            if (o.listen != null)
                throw new IllegalArgumentException("--listen opens channels per session; --channels cannot be shared by sessions: use --payment unix:... or tcp:...");
        }
        for (var e : config.channels().entrySet()) {
            ChannelSpec spec = e.getValue();
            if (o.listen != null && spec.kind() == ChannelSpec.Kind.FD)
                throw new IllegalArgumentException("--listen opens channels per session; " + e.getKey().wire() + " " + spec + " cannot be shared by sessions: use unix: or tcp:");
            if (o.listen != null && spec.kind() == ChannelSpec.Kind.PATH && e.getKey().inbound())
                throw new IllegalArgumentException("--listen opens channels per session; sessions cannot share reading " + e.getKey().wire() + " " + spec + ": use unix: or tcp:");
            if (o.ucspiClient && spec.kind() == ChannelSpec.Kind.FD && (spec.target().equals("6") || spec.target().equals("7")))
                throw new IllegalArgumentException(e.getKey().wire() + " " + spec + " is the ECR connection under --ucspi-client");
        }
    }

    private String level(String env) {
        if (o.verbose > 1) return "TRACE";
        if (o.verbose == 1) return "DEBUG";
        if (o.quiet) return "WARN";
        return env != null && LEVELS.contains(env.toUpperCase(Locale.ROOT)) ? env.toUpperCase(Locale.ROOT) : "INFO";
    }

    /** Built-in defaults, then the config file, then the options. */
    private FrobConfig configure() throws IOException, ConfigException {
        FrobConfig c = o.configFile == null ? FrobConfig.DEFAULTS : ConfigFile.read(o.configFile, FrobConfig.DEFAULTS);
        Map<ChannelName, String> specs = new EnumMap<>(ChannelName.class);
        if (o.payment != null) specs.put(ChannelName.PAYMENT, o.payment);
        if (o.device != null) specs.put(ChannelName.DEVICE, o.device);
        if (o.ui != null) specs.put(ChannelName.UI, o.ui);
        if (o.storage != null) specs.put(ChannelName.STORAGE, o.storage);
        for (var e : specs.entrySet()) c = c.withChannel(e.getKey(), ChannelSpec.parse(e.getValue()));
        if (o.channelFormat != null) c = c.withChannelFormat(o.channelFormat);
        if (o.wireCharset != null) c = c.withChannelFormat(c.channelFormat().withWireCharset(o.wireCharset));
        if (o.paymentTimeout != null) c = c.withPaymentTimeout(Duration.ofSeconds(o.paymentTimeout));
        if (o.keyFile != null) c = c.withKeyFile(o.keyFile);
        return c;
    }

    /** Opens the bound channels; one that fails is logged and left unbound, so the ECR still gets answers. */
    private static Map<ChannelName, Binding> open(FrobConfig config, Logger log) {
        Map<ChannelName, Binding> out = new EnumMap<>(ChannelName.class);
        for (ChannelName name : ChannelName.values()) {
            ChannelSpec spec = config.channels().get(name);
            if (spec == null) continue;
            try {
                Binding b = spec.open(name);
                out.put(name, b);
                log.info("{} channel bound to {} ({})", name.wire(), spec, b.readable() && b.writable() ? "read and write" : b.readable() ? "read" : "write");
            } catch (IOException e) {
                log.warn("{} channel unavailable: {}: {}", name.wire(), spec, e.getMessage());
            }
        }
        List<String> unbound = Arrays.stream(ChannelName.values()).filter(n -> !out.containsKey(n)).map(ChannelName::wire).toList();
        if (!unbound.isEmpty()) log.info("unbound channels: {}", String.join(", ", unbound));
        return out;
    }
}
