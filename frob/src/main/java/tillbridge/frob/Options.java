package tillbridge.frob;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import tillbridge.frob.channel.ChannelFormat;

/**
 * frob's command line (docs/frob.md). Parsed by hand: a command-line library built for Java 5
 * bytecode (picocli) cannot go into the JDK's AOT cache and cost each per-connection start more
 * than the rest of frob together (docs/performance.md). {@code --opt VALUE} and {@code --opt=VALUE}
 * are both accepted; a bad option or value is an {@link IllegalArgumentException} naming it.
 */
final class Options {

    static final String HELP = """
            Usage: frob [OPTIONS]
            The terminal (EFT) side of ECR-EFT for one cash-register connection:
            the ECR on stdin/stdout, logs on stderr. With no options frob answers
            T1, T3, T4 and D4 itself and every S1 with S2 994 (payment application
            not available). Under a superserver for TCP, e.g.
              tcpserver 0 5002 bin/frob --lock /run/tb/tx.lock --payment unix:/run/tb/payment.sock
            dialling the ECR:  tcpclient ECR-HOST 5002 bin/frob --ucspi-client ...
            its own server:    bin/frob --listen 0.0.0.0:5002 ...
            a serial line:     bin/frob --serial /dev/ttyS0 --baud 9600 ...

                  --config FILE        JSON config file; the options below override it.
                                         Default: none (built-in defaults).
                  --payment SPEC       Payment channel: S1, P1, A1 out; S2, I1, A2 back
                                         when two-way. Default: unbound.
                  --device SPEC        Device channel: S2, I1, A2 back when the payment
                                         channel is one-way; the terminal software's print
                                         (D*) and console (K*) requests, L1, M1.
                                         Default: unbound.
                  --ui SPEC            UI channel: a copy of every K0 the ECR answers to
                                         the terminal software's console requests.
                                         Default: unbound.
                  --storage SPEC       Storage channel: a copy of every S1 forwarded and
                                         every S2 sent to the ECR. Default: unbound.
                  --channel-format FORMAT
                                       json (JSON lines, version 2: Unicode text), v1
                                         (JSON lines of wire text, as before version 2;
                                         for one release) or frame (raw ECR-EFT frames).
                                         Default: json.
                  --wire-charset CHARSET
                                       The ECR's charset for national letters, which
                                         frob converts to and from the channels' Unicode.
                                         Default: windows-1250.
                  --payment-timeout SECONDS
                                       After forwarding an S1, answer S2 995 (outcome
                                         unknown) when the payment application sends
                                         nothing for this long. Default: 180.
                  --channels SPEC      All four channels on one two-way connection (fd:N
                                         of a socketpair end, unix:, tcp:), each JSON line
                                         tagged with its channel. JSON format only.
                  --ucspi-client       The ECR connection is on descriptors 6 (read) and
                                         7 (write), as a UCSPI client leaves it:
                                         tcpclient HOST PORT bin/frob --ucspi-client ...
                  --listen HOST:PORT   Serve ECR connections on this TCP address, a
                                         session per connection (virtual threads), one
                                         transaction at a time across them.
                  --serial DEVICE      The ECR on this serial port (jSerialComm), 8N1, no
                                         flow control; e.g. /dev/ttyS0, /dev/ttyUSB0.
                  --baud N             Baud rate for --serial. Default: 9600.
                  --keys FILE          RSA key pair for key exchange (B1-B4), PKCS#8 PEM,
                                         created 0600 on first use; the accepted KEK goes
                                         to FILE.kek. Default: frob-key.pem in
                                         $STATE_DIRECTORY, else $XDG_STATE_HOME/tillbridge,
                                         else ~/.local/state/tillbridge.
                  --lock PATH          One transaction at a time across processes: an OS
                                         lock on this file (created if missing), held from
                                         S1 forwarded to its S2. Another S1 meanwhile gets
                                         S2 993 busy.
                  --notify-fd N        Readiness (s6): write a newline to descriptor N once
                                         the channels (and the --listen socket) are bound,
                                         then close it.
              -v, --verbose            More log: -v debug (adds wire bytes), -vv trace.
              -q, --quiet              Log warnings and errors only.
              -h, --help               Show this help message and exit.
              -V, --version            Print version information and exit.

            Exit codes:
              0     the ECR closed the connection
              1     the ECR failed: no T2 to frob's ping, or the connection broke
              100   bad command line or configuration
              101   a bug in frob
              111   the environment failed: I/O error; config or lock file, serial port,
                      descriptors 6/7 or listen address unusable

            Channel specs (docs/channels.md):
              fd:N              an inherited descriptor: pipe, socket or file
              path:/a/b         a FIFO or file: appended to (payment, ui, storage)
                                or read (device)
              unix:/run/x.sock  connect to the terminal software's UNIX socket
              tcp:host:port     connect to the terminal software's TCP socket
            A channel that cannot be opened is logged and left unbound.
            --channels SPEC puts all four on one two-way connection (JSON only).

            Environment:
              FROB_LOG=trace|debug|info|warn|error  log level unless -v or -q
              PROTO, TCPREMOTEIP, TCPREMOTEPORT, TCPLOCALIP, TCPLOCALPORT (UCSPI)
                                are logged at start
              FROB_AOT_CACHE=PATH|off  the AOT cache bin/frob starts the JVM with
            """;

    private static final Set<String> VALUED = Set.of("--config", "--payment", "--device", "--ui", "--storage",
            "--channel-format", "--wire-charset", "--payment-timeout", "--channels", "--listen", "--serial", "--baud", "--keys", "--lock", "--notify-fd");

    Path configFile;
    String payment;
    String device;
    String ui;
    String storage;
    ChannelFormat channelFormat;
    Charset wireCharset;
    Long paymentTimeout;
    String channels;
    boolean ucspiClient;
    String listen;
    String serial;
    Integer baud;
    Path keyFile;
    Path lockFile;
    Integer notifyFd;
    int verbose;
    boolean quiet;
    boolean help;
    boolean version;

    private Options() {}

    static Options parse(List<String> args) {
        Options o = new Options();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String inline = eq < 0 ? null : arg.substring(eq + 1);
            if (isFlag(name)) {
                if (inline != null) throw new IllegalArgumentException("option '" + name + "' takes no value");
                o.flag(name);
                continue;
            }
            if (!name.startsWith("-")) throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            if (!VALUED.contains(name)) throw new IllegalArgumentException("unknown option '" + name + "'");
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.size()) throw new IllegalArgumentException("missing value for option '" + name + "'");
                value = args.get(++i);
            }
            o.value(name, value);
        }
        return o;
    }

    private static boolean isFlag(String name) {
        return name.matches("-v+|-q|-h|-V|--verbose|--quiet|--help|--version|--ucspi-client");
    }

    private void flag(String name) {
        switch (name) {
            case "-q", "--quiet" -> quiet = true;
            case "-h", "--help" -> help = true;
            case "-V", "--version" -> version = true;
            case "--ucspi-client" -> ucspiClient = true;
            case "--verbose" -> verbose++;
            default -> verbose += name.length() - 1; // -v, -vv
        }
    }

    private void value(String name, String value) {
        switch (name) {
            case "--config" -> configFile = Path.of(value);
            case "--payment" -> payment = value;
            case "--device" -> device = value;
            case "--ui" -> ui = value;
            case "--storage" -> storage = value;
            case "--channel-format" -> channelFormat = ChannelFormat.of(value);
            case "--wire-charset" -> wireCharset = charset(value);
            case "--payment-timeout" -> paymentTimeout = number(name, value);
            case "--channels" -> channels = value;
            case "--listen" -> listen = value;
            case "--serial" -> serial = value;
            case "--baud" -> baud = (int) number(name, value);
            case "--keys" -> keyFile = Path.of(value);
            case "--lock" -> lockFile = Path.of(value);
            case "--notify-fd" -> notifyFd = (int) number(name, value);
            default -> throw new IllegalArgumentException("unknown option '" + name + "'");
        }
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--wire-charset: no charset '" + name + "' in this Java");
        }
    }

    private static long number(String name, String value) {
        if (!value.matches("0*[1-9]\\d{0,8}")) throw new IllegalArgumentException("option '" + name + "' needs a positive whole number, was '" + value + "'");
        return Long.parseLong(value);
    }
}
