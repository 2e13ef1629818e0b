package tillbridge.agent;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tillbridge.agent.internal.JobJournal;
import tillbridge.agent.internal.LoggingAgentEvents;
import tillbridge.agent.print.PrinterConfig;
import tillbridge.agent.ui.FanOutEvents;
import tillbridge.agent.ui.Tray;
import tillbridge.agent.ui.UiServer;
import tillbridge.agent.ui.UiStatus;
import tillbridge.common.Version;
import tillbridge.common.io.Exit;
import tillbridge.common.io.Problems;
import tillbridge.common.io.Readiness;
import tillbridge.ecr.EcrOptions;

/**
 * {@code agent register | run | config check} (docs/agent.md). Exit codes: 0 ok, 1 the hub refused
 * (registration code unknown, used or expired), 100 usage or invalid configuration, 101 bug,
 * 111 environment (hub unreachable, journal locked or unwritable).
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "tillbridge agent: takes jobs from the hub and runs payments on the venue's terminals.",
        subcommands = {Main.Register.class, Main.Run.class, Main.ConfigCmd.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: register, run or config");
    }

    /** The same --version for the command and each of its subcommands. */
    private static void versions(CommandLine cl, String version) {
        cl.getCommandSpec().version(version);
        for (CommandLine sub : cl.getSubcommands().values()) versions(sub, version);
    }

    public static void main(String[] args) {
        // the ecr jar on the class path brings its own logback.xml; use ours, by a name no other jar has
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "tillbridge-agent-logback.xml");
        }
        // the hub closes idle connections after 30 s; retire pooled ones first so no POST meets a closed socket
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "15");
        }
        // the JDK refuses Basic credentials on CONNECT unless told otherwise; the tunnel's content is TLS
        // to the hub either way, and the proxies venues run ask for Basic
        if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
        CommandLine cl = new CommandLine(new Main());
        versions(cl, Version.of("agent"));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof AgentConfig.Invalid || Problems.wrongPassword(e)) {
                cmd.getErr().println("agent: " + Problems.describe(e));
                return Exit.USAGE.code;
            }
            cmd.getErr().println("agent: " + Problems.describe(e));
            return e instanceof IOException ? Exit.SYSTEM.code : Exit.BUG.code;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("agent: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return Exit.USAGE.code;
        });
        System.exit(cl.execute(args));
    }


    /** Options every command has. */
    static final class Common {
        @Option(names = "--config-dir", paramLabel = "DIR",
                description = "config directory (default $TILLBRIDGE_AGENT_HOME, else ~/.config/tillbridge-agent)")
        Path configDir;

        @Option(names = {"-v", "--verbose"}, description = "log debug detail")
        boolean verbose;

        @Option(names = {"-q", "--quiet"}, description = "log warnings and errors only")
        boolean quiet;

        Path dir() {
            if (configDir != null) return configDir;
            String env = System.getenv("TILLBRIDGE_AGENT_HOME");
            if (env != null && !env.isBlank()) return Path.of(env);
            return Path.of(System.getProperty("user.home"), ".config", "tillbridge-agent");
        }

        void logging() {
            System.setProperty("AGENT_LOG_LEVEL", verbose ? "DEBUG" : quiet ? "WARN" : "INFO");
            System.setProperty("AGENT_ECR_LOG_LEVEL", verbose ? "INFO" : "WARN");
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Exchange a one-time registration code for this site's id and agent token (stored 0600 in the config directory).")
    static final class Register implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @Option(names = "--hub", required = true, paramLabel = "URL", description = "the hub's base URL, https:// (http:// only on loopback)")
        String hub;

        @Option(names = "--code", required = true, paramLabel = "CODE", description = "the registration code from the box office, e.g. 7K2MA-Q9XRT")
        String code;

        @Option(names = "--trust-store", paramLabel = "FILE", description = "PEM certificate(s) or PKCS#12 trust store for a hub with a self-signed or private CA")
        Path trustStore;

        @Option(names = "--proxy", paramLabel = "URL",
                description = "reach the hub through this HTTP proxy, http://[user:password@]host:port, or 'direct' (default: $HTTPS_PROXY and $NO_PROXY); kept in agent.json")
        String proxy;

        @Override
        public Integer call() throws Exception {
            common.logging();
            Path dir = common.dir();
            String site;
            try {
                site = Registering.register(dir, hub, code, Optional.ofNullable(trustStore), Optional.ofNullable(proxy));
            } catch (Registering.Refused e) {
                System.err.println("agent: " + e.getMessage());
                return e.exit;
            }
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            out.println("registered site " + site + " with " + AgentConfig.hubUri(hub) + "; credentials in " + Credentials.file(dir) + " (mode 0600)");
            out.flush();
            return Exit.OK.code;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Hold the hub connection and run jobs until SIGTERM/SIGINT.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @Option(names = "--notify-fd", paramLabel = "N", description = "write one newline to this descriptor once connected to the hub")
        Integer notifyFd;

        @Option(names = "--test-hold-before-run", paramLabel = "SECONDS", hidden = true,
                description = "TEST ONLY: wait this long between acknowledging a new job and running it")
        double holdSeconds;

        @Override
        public Integer call() throws Exception {
            Readiness readiness;
            try {
                readiness = Readiness.claim(notifyFd);
            } catch (Readiness.Refused e) {
                System.err.println("agent: " + e.getMessage());
                return Exit.USAGE.code;
            }
            common.logging();
            Path dir = common.dir();
            UiStatus status = new UiStatus(Clock.systemUTC(), Agent.VERSION);
            Optional<UiServer> ui = Optional.empty();
            Optional<Tray> tray = Optional.empty();
            if (!Files.exists(Credentials.file(dir))) {
                ui = UiServer.open(AgentConfig.uiListen(dir), dir, status);
                tray = ui.flatMap(u -> Tray.show(status, u.page()));
                if (ui.isPresent()) awaitRegistration(ui.get(), dir);
            }
            AgentConfig config = AgentConfig.load(dir);
            Credentials credentials = Credentials.load(dir);
            if (ui.isEmpty()) {
                ui = UiServer.open(config.uiListen(), dir, status);
                tray = ui.flatMap(u -> Tray.show(status, u.page()));
            }
            Optional<UiServer> page = ui;
            Optional<Tray> icon = tray;
            if (Credentials.tooOpen(dir)) {
                System.err.println("agent: warning: " + Credentials.file(dir) + " is readable by others; chmod 600 it");
            }
            LiveAgent agent;
            try {
                agent = LiveAgent.start(config, credentials, new Agent.Settings(dir, EcrOptions.DEFAULT,
                        Duration.ofMillis(Math.round(holdSeconds * 1000)), new FanOutEvents(new LoggingAgentEvents(), status), readiness::ready));
            } catch (JobJournal.Locked e) {
                System.err.println("agent: " + e.getMessage());
                return Exit.SYSTEM.code;
            }
            page.ifPresent(p -> p.offerSetup(agent));
            CountDownLatch stopped = new CountDownLatch(1);
            Optional<Heartbeat> heartbeat = Heartbeat.start(System.getenv(), Heartbeat.PERIOD);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    heartbeat.ifPresent(Heartbeat::close);
                    agent.close();
                    icon.ifPresent(Tray::close);
                    page.ifPresent(UiServer::close);
                } catch (Exception e) {
                    System.err.println("agent: error while stopping: " + e.getMessage());
                } finally {
                    stopped.countDown();
                }
            }, "agent-stop"));
            System.err.println("agent: site " + credentials.siteId() + ", hub " + config.hub()
                    + config.proxy().forHub(config.hub(), System.getenv()).map(p -> " through proxy " + p.shown()).orElse("") + ", " + config.terminals().size()
                    + " terminal(s), journal " + dir.resolve(JobJournal.FILE));
            stopped.await();
            return Exit.OK.code;
        }

        /** Without credentials the agent waits for registration from its status page (SIGTERM still stops it). */
        private static void awaitRegistration(UiServer ui, Path dir) throws InterruptedException {
            CountDownLatch done = new CountDownLatch(1);
            ui.offerRegistration((hub, code) -> {
                try {
                    String site = Registering.register(dir, hub, code, Optional.empty(), Optional.empty());
                    done.countDown();
                    return site;
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("hub address: " + e.getMessage(), e);
                }
            });
            System.err.println("agent: not registered yet: open " + ui.page() + " to register it, or run 'agent register --hub URL --code CODE'");
            done.await();
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true, description = "Configuration commands.", subcommands = ConfigCheck.class)
    static final class ConfigCmd implements Runnable {
        @Override
        public void run() {
            throw new CommandLine.ParameterException(new CommandLine(this), "a config command is required: check");
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate agent.json (and see whether the agent is registered); prints every problem with its key.")
    static final class ConfigCheck implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @Override
        public Integer call() {
            Path dir = common.dir();
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            try {
                AgentConfig c = AgentConfig.load(dir);
                out.println(AgentConfig.file(dir) + ": OK");
                out.println("hub " + c.hub() + c.trustStore().map(t -> " (trust store " + t + ")").orElse(""));
                out.println("proxy " + c.proxy().forHub(c.hub(), System.getenv()).map(ProxySetting.Via::shown)
                        .orElse(c.proxy() instanceof ProxySetting.Direct ? "none (direct)" : "none (no HTTPS_PROXY for this hub)"));
                out.println("ping " + c.ping().toSeconds() + " s");
                out.println("start deadline " + c.startDeadline().toSeconds() + " s, recovery deadline " + c.recoveryDeadline().toSeconds() + " s");
                for (AgentConfig.TerminalSpec t : c.terminals()) {
                    out.println("terminal " + t.name() + " frob " + t.address() + " ecr_id " + t.ecrId());
                }
                if (c.terminals().isEmpty()) out.println("no terminals: payment jobs will fail");
                for (PrinterConfig p : c.printers()) out.println("printer " + p.name() + " " + p.address().shown());
                if (c.printers().isEmpty()) out.println("no printers: print jobs will fail");
                try {
                    out.println("registered as site " + Credentials.load(dir).siteId());
                } catch (IOException e) {
                    out.println("not registered: " + e.getMessage());
                }
                return Exit.OK.code;
            } catch (AgentConfig.Invalid e) {
                System.err.println("agent: " + e.getMessage().substring(0, e.getMessage().indexOf(':')) + " is invalid:");
                e.problems().forEach(p -> System.err.println("  " + p));
                return Exit.USAGE.code;
            } catch (IOException e) {
                System.err.println("agent: cannot read " + AgentConfig.file(dir) + ": " + e.getMessage());
                return Exit.SYSTEM.code;
            }
        }
    }
}
