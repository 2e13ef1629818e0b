package tillbridge.frob;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tillbridge.common.io.Exit;
import tillbridge.frob.channel.Binding;
import tillbridge.frob.channel.ChannelFormat;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.channel.ChannelSpec;
import tillbridge.frob.config.ConfigException;
import tillbridge.frob.config.ConfigFile;
import tillbridge.frob.config.FrobConfig;
import tillbridge.frob.session.Session;

/** {@code frob}: one ECR-EFT session on stdin/stdout, logs on stderr (docs/frob.md). */
@Command(name = "frob", mixinStandardHelpOptions = true, version = "frob 0.1.0", sortOptions = false,
        description = {
            "The terminal (EFT) side of ECR-EFT for one cash-register connection:",
            "the ECR on stdin/stdout, logs on stderr. With no options frob answers",
            "T1, T3, T4 and D4 itself and every S1 with S2 994 (payment application",
            "not available). Under a superserver for TCP, e.g.",
            "  tcpserver 0 5002 bin/frob --payment unix:/run/tb/payment.sock",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the ECR closed the connection",
            "1:the ECR failed: no T2 to frob's ping, or the connection broke",
            "100:bad command line or configuration",
            "101:a bug in frob",
            "111:the environment failed (config file unreadable, I/O error)"},
        footerHeading = "%nChannel specs (docs/channels.md):%n",
        footer = {
            "  fd:N              an inherited descriptor: pipe, socket or file",
            "  path:/a/b         a FIFO or file: appended to (payment, ui, storage)",
            "                    or read (device)",
            "  unix:/run/x.sock  connect to the terminal software's UNIX socket",
            "  tcp:host:port     connect to the terminal software's TCP socket",
            "A channel that cannot be opened is logged and left unbound.",
            "",
            "Environment:",
            "  FROB_LOG=trace|debug|info|warn|error  log level unless -v or -q",
            "  PROTO, TCPREMOTEIP, TCPREMOTEPORT, TCPLOCALIP, TCPLOCALPORT (UCSPI)",
            "                    are logged at start"})
public final class Main implements Callable<Integer> {
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file; the options below override it. Default: none (built-in defaults).")
    private Path configFile;

    @Option(names = "--payment", paramLabel = "SPEC", description = "Payment channel: S1, P1, A1 out; S2, I1, A2 back when two-way. Default: unbound.")
    private String payment;

    @Option(names = "--device", paramLabel = "SPEC", description = "Device channel: S2, I1, A2 back when the payment channel is one-way. Default: unbound.")
    private String device;

    @Option(names = "--ui", paramLabel = "SPEC", description = "UI channel (operator console; nothing is sent on it yet). Default: unbound.")
    private String ui;

    @Option(names = "--storage", paramLabel = "SPEC", description = "Storage channel: a copy of every S1 forwarded and every S2 sent to the ECR. Default: unbound.")
    private String storage;

    @Option(names = "--channel-format", paramLabel = "FORMAT", description = "json (JSON lines) or frame (raw ECR-EFT frames). Default: json.")
    private ChannelFormat channelFormat;

    @Option(names = "--payment-timeout", paramLabel = "SECONDS",
            description = "After forwarding an S1, answer S2 995 (outcome unknown) when the payment application sends nothing for this long. Default: 180.")
    private Long paymentTimeout;

    @Option(names = {"-v", "--verbose"}, description = "More log: -v debug (adds wire bytes), -vv trace.")
    private boolean[] verbose = new boolean[0];

    @Option(names = {"-q", "--quiet"}, description = "Log warnings and errors only.")
    private boolean quiet;

    private final OutputStream ecrOut;

    private Main(OutputStream ecrOut) {
        this.ecrOut = ecrOut;
    }

    public static void main(String[] args) {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err); // stdout carries protocol bytes only, whatever a library prints
        System.exit(commandLine(stdout).execute(args));
    }

    /** The command line, with {@code --help} written to {@code stdout} and every failure mapped to an {@link Exit} code. */
    static CommandLine commandLine(OutputStream stdout) {
        CommandLine cmd = new CommandLine(new Main(stdout));
        cmd.setOut(new PrintWriter(new OutputStreamWriter(stdout, UTF_8), true));
        cmd.registerConverter(ChannelFormat.class, ChannelFormat::of);
        cmd.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("frob: " + e.getMessage() + "\nTry 'frob --help'.");
            return Exit.USAGE.code;
        });
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            LoggerFactory.getLogger(Main.class).error("bug: {}", e.toString(), e);
            return Exit.BUG.code;
        });
        return cmd;
    }

    @Override
    public Integer call() {
        String env = System.getenv("FROB_LOG");
        System.setProperty("frob.log", level(env));
        String id = ProcessHandle.current().pid() + "-1";
        MDC.put("session", id);
        Logger log = LoggerFactory.getLogger(Main.class);
        if (env != null && !LEVELS.contains(env.toUpperCase(Locale.ROOT))) log.warn("FROB_LOG={} is not a log level; using info", env);
        log.info("frob session {} starting{}", id, Ucspi.describe());
        FrobConfig config;
        try {
            config = configure();
        } catch (ConfigException | IllegalArgumentException e) {
            log.error("{}", e.getMessage());
            return Exit.USAGE.code;
        } catch (IOException e) {
            log.error("reading {}: {}", configFile, e.toString());
            return Exit.SYSTEM.code;
        }
        Map<ChannelName, Binding> bindings = open(config, log);
        return new Session(id, config, new FileInputStream(FileDescriptor.in), ecrOut, bindings, System::nanoTime).run().code;
    }

    private String level(String env) {
        if (verbose.length > 1) return "TRACE";
        if (verbose.length == 1) return "DEBUG";
        if (quiet) return "WARN";
        return env != null && LEVELS.contains(env.toUpperCase(Locale.ROOT)) ? env.toUpperCase(Locale.ROOT) : "INFO";
    }

    /** Built-in defaults, then the config file, then the options. */
    private FrobConfig configure() throws IOException, ConfigException {
        FrobConfig c = configFile == null ? FrobConfig.DEFAULTS : ConfigFile.read(configFile, FrobConfig.DEFAULTS);
        Map<ChannelName, String> specs = new EnumMap<>(ChannelName.class);
        if (payment != null) specs.put(ChannelName.PAYMENT, payment);
        if (device != null) specs.put(ChannelName.DEVICE, device);
        if (ui != null) specs.put(ChannelName.UI, ui);
        if (storage != null) specs.put(ChannelName.STORAGE, storage);
        for (var e : specs.entrySet()) c = c.withChannel(e.getKey(), ChannelSpec.parse(e.getValue()));
        if (channelFormat != null) c = c.withChannelFormat(channelFormat);
        if (paymentTimeout != null) c = c.withPaymentTimeout(Duration.ofSeconds(paymentTimeout));
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
