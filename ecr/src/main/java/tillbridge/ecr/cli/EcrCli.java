package tillbridge.ecr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tillbridge.common.Version;
import tillbridge.common.io.Problems;
import tillbridge.ecr.EcrOptions;
import tillbridge.ecr.EcrSession;
import tillbridge.ecr.Terminal;

/** {@code ecr}: the cash-register side of ECR-EFT on the command line (docs/ecr.md). */
@Command(name = "ecr", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = 100, exitCodeOnExecutionException = EcrCli.ERROR,
        subcommands = {TestCommand.class, ConfigCommand.class, PayCommand.class, AbortCommand.class, StatusCommand.class,
            AppCommand.class, KeysCommand.class, UnavailableCommand.class},
        description = {
            "Talks to a payment terminal (or to frob in front of one) as the cash register (ECR): ECR-EFT over TCP "
                    + "(--connect) or over a program's stdin/stdout (--exec).",
            "Results go to stdout, logs to stderr. See docs/ecr.md.",
            "While a command runs, receipts the terminal prints come out on stdout (or --receipt-file) and its operator "
                    + "prompts are answered from --answer, else at the terminal; with neither they are cancelled.", ""},
        footer = {"", "Exit codes:",
            "  0    approved (pay, status); success (test, config, abort)",
            "  1    declined",
            "  2    aborted (S2 result 17)",
            "  3    unknown: the payment may or may not have been charged; check the terminal",
            "  4    error: nothing was charged (busy, unavailable, rejected, connection failed or timed out before S1 went out);",
            "       for test/config/abort: the terminal did not answer or could not be reached",
            "  100  usage"})
public final class EcrCli implements Callable<Integer> {
    static final int OK = 0;
    static final int DECLINED = 1;
    static final int ABORTED = 2;
    static final int UNKNOWN = 3;
    static final int ERROR = 4;
    static final int USAGE = 100;

    static final class Target {
        @Option(names = "--connect", paramLabel = "HOST:PORT", required = true, description = "Connect over TCP, e.g. 127.0.0.1:5002.")
        String connect;

        @Option(names = "--exec", paramLabel = "COMMAND", required = true,
                description = "Run COMMAND with sh -c and talk over its stdin/stdout (its stderr is passed through), e.g. 'bin/frob --payment tcp:127.0.0.1:7001'.")
        String exec;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "5", description = "TCP connect timeout (default: ${DEFAULT-VALUE}).")
    long connectTimeout;

    @Option(names = "--answer-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Wait for T2, D5, T4 and for the answer to a status query (default: ${DEFAULT-VALUE}).")
    long answerTimeout;

    @Option(names = "--payment-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "Wait for S2 since the last frame from the terminal; every status (I1) restarts it (default: ${DEFAULT-VALUE}).")
    long paymentTimeout;

    @Option(names = "--status-tries", paramLabel = "N", defaultValue = "3",
            description = "Status queries sent to recover an interrupted payment before it is reported unknown (default: ${DEFAULT-VALUE}).")
    int statusTries;

    @Option(names = "--peer-drops-duplicates",
            description = "Resend S1 after an ACK timeout. Only when the terminal side drops duplicate frames by token, as tillbridge's frob does; "
                    + "otherwise S1 is written at most once.")
    boolean peerDropsDuplicates;

    @Option(names = "--answer", paramLabel = "TEXT", scope = CommandLine.ScopeType.INHERIT,
            description = "Answer the terminal's next operator prompt (K4 yes/no, K5/K6 a number, K7 text, K8 ok; 'cancel' cancels). "
                    + "Repeatable, used in order; with none left and stdin not a terminal a prompt is cancelled.")
    java.util.List<String> answers = new java.util.ArrayList<>();

    @Option(names = "--receipt-file", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "Append the receipts the terminal prints to FILE instead of stdout.")
    java.nio.file.Path receiptFile;

    @Option(names = {"-v", "--verbose"}, description = "More logging on stderr: -v info, -vv debug with the wire bytes in hex.")
    boolean[] verbose = new boolean[0];

    @Option(names = {"-q", "--quiet"}, description = "Log errors only (default: warnings and errors).")
    boolean quiet;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the program; returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new EcrCli());
        cl.getCommandSpec().version(Version.of("ecr"));
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().exitCodeOnInvalidInput(USAGE);
            sub.getCommandSpec().exitCodeOnExecutionException(ERROR);
        }
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            err.println("ecr: " + Problems.describe(ex));
            err.flush();
            return ex instanceof IOException ? ERROR : 101;
        });
        // one line that says what is wrong and where to look, not the whole usage text
        cl.setParameterExceptionHandler((ex, given) -> {
            CommandLine at = ex.getCommandLine();
            at.getErr().println("ecr: " + ex.getMessage() + " (see " + at.getCommandSpec().qualifiedName() + " --help)");
            at.getErr().flush();
            return USAGE;
        });
        return cl;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "give a command: test, config, pay, abort, status, app, keys or unavailable");
    }

    /** What a command does on an open session, printing to stdout; returns the exit code. */
    interface SessionWork {
        int run(EcrSession session, PrintWriter out) throws Exception;
    }

    /** Opens the session ({@link #open}), runs {@code work}, flushes stdout and closes the session. */
    int withSession(CommandLine cmd, SessionWork work) throws Exception {
        try (EcrSession session = open(cmd)) {
            PrintWriter out = cmd.getOut();
            try {
                return work.run(session, out);
            } finally {
                out.flush();
            }
        }
    }

    /**
     * Opens the session named by --connect or --exec, with the timeouts given, lending the terminal
     * this CLI's printer (stdout or --receipt-file), console (--answer, the terminal) and notice lines.
     */
    EcrSession open(CommandLine cmd) throws IOException {
        EcrSession s = connect(cmd);
        PrintWriter out = cmd.getOut();
        s.setReceiptListener(Peripherals.printer(out, receiptFile));
        s.setOperatorConsole(new CliConsole(out, answers, CliConsole.stdinIsTerminal()));
        s.setNoticeListener(Peripherals.notices(out));
        return s;
    }

    private EcrSession connect(CommandLine cmd) throws IOException {
        if (target == null) throw new ParameterException(cmd, "give --connect HOST:PORT or --exec COMMAND (before the command)");
        configureLogging();
        EcrOptions options;
        try {
            options = EcrOptions.DEFAULT.withAnswerTimeout(Duration.ofSeconds(answerTimeout))
                    .withPaymentTimeout(Duration.ofSeconds(paymentTimeout))
                    .withStatusTries(statusTries, EcrOptions.DEFAULT.statusRetryDelay())
                    .withRetransmitNonIdempotent(peerDropsDuplicates);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, e.getMessage());
        }
        if (target.exec != null) {
            if (target.exec.isBlank()) throw new ParameterException(cmd, "--exec needs a command");
            // the terminal program ignores SIGINT, so that Ctrl-C (sent to the whole foreground group) reaches only us: we abort with P1
            return Terminal.exec(java.util.List.of("sh", "-c", "trap '' INT\n" + target.exec), options);
        }
        int colon = target.connect.lastIndexOf(':');
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(target.connect.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) throw new ParameterException(cmd, "--connect needs HOST:PORT with a port 1-65535, was '" + target.connect + "'");
        String host = target.connect.substring(0, colon).replaceAll("^\\[|]$", "");
        return Terminal.connect(host, port, Duration.ofSeconds(connectTimeout), options);
    }

    /** Sets the level before the first logger exists (logback.xml reads tb.log.level). */
    private void configureLogging() {
        if (System.getProperty("tb.log.level") != null) return;
        System.setProperty("tb.log.level", verbose.length >= 2 ? "DEBUG" : verbose.length == 1 ? "INFO" : quiet ? "ERROR" : "WARN");
    }
}
