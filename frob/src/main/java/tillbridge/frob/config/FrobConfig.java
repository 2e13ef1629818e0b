package tillbridge.frob.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import tillbridge.common.io.Problems;
import tillbridge.frob.channel.ChannelFormat;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.channel.ChannelSpec;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.DeviceParams;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Versions;

/**
 * Everything a frob session is configured with. {@link #DEFAULTS} make a working terminal on their
 * own; a config file ({@link ConfigFile}) and then the command line override them.
 *
 * @param terminal the T2 frob answers T1 with; its vendor, device type and id also go into B2
 * @param versions protocol versions frob supports, sent in T4 and matched against the ECR's T4
 * @param deviceParams the D5 frob answers D4 with
 * @param paymentTimeout how long frob waits for the next frame from the payment application after
 *     forwarding an S1 (or A1) before it answers the ECR itself with result 995
 * @param channels the bound channels; a channel not in the map is unbound
 * @param answerTimeout how long frob waits for the ECR's D0, D8 or K0 to a print request or a
 *     console claim/end it relayed for the terminal software (docs/channels.md)
 * @param consoleTimeout the same for the K0 to an operator interaction (K3-K9), where a person answers
 * @param keyFile frob's RSA key pair for key exchange (B1-B4), PKCS#8 PEM, created 0600 on first use;
 *     the accepted key-encryption key is stored beside it in {@code FILE.kek}
 */
public record FrobConfig(CommTest.Answer terminal, List<String> versions, DeviceParams.Answer deviceParams,
                         Duration paymentTimeout, Map<ChannelName, ChannelSpec> channels, ChannelFormat channelFormat,
                         Duration answerTimeout, Duration consoleTimeout, Path keyFile) {
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONSOLE_TIMEOUT = Duration.ofSeconds(120);

    private static final OptionalInt NONE = OptionalInt.empty();

    /** A PIN pad with a small display, card readers and no printer (topology 2: EFT, external PIN pad). */
    public static final FrobConfig DEFAULTS = new FrobConfig(
            new CommTest.Answer("170", "tillbridge", "frob", "1"),
            List.of("160", "170"),
            new DeviceParams.Answer(NONE, NONE, NONE, NONE, false, false, false, NONE, NONE, NONE, NONE, NONE, NONE, NONE,
                    OptionalInt.of(2), OptionalInt.of(16), List.of("OK", "STOP", "CLEAR", "CLEAR", "", "", "", "", ""), 2,
                    true, true, true, false),
            Duration.ofSeconds(180), Map.of(), ChannelFormat.JSON);

    /** The settings before the answer timeouts and the key file existed: those take their defaults. */
    public FrobConfig(CommTest.Answer terminal, List<String> versions, DeviceParams.Answer deviceParams,
                      Duration paymentTimeout, Map<ChannelName, ChannelSpec> channels, ChannelFormat channelFormat) {
        this(terminal, versions, deviceParams, paymentTimeout, channels, channelFormat, DEFAULT_ANSWER_TIMEOUT, DEFAULT_CONSOLE_TIMEOUT,
                defaultKeyFile());
    }

    /**
     * {@code frob-key.pem} in the state directory: {@code $STATE_DIRECTORY} (systemd), else
     * {@code $XDG_STATE_HOME/tillbridge}, else {@code ~/.local/state/tillbridge}.
     */
    public static Path defaultKeyFile() {
        String state = System.getenv("STATE_DIRECTORY");
        if (state != null && !state.isBlank()) return Path.of(state.split(":")[0], "frob-key.pem");
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("tillbridge").resolve("frob-key.pem");
    }

    public FrobConfig {
        Objects.requireNonNull(channelFormat, "channelFormat");
        versions = List.copyOf(versions);
        if (versions.isEmpty()) throw new IllegalArgumentException("versions must name at least one protocol version");
        if (paymentTimeout.isNegative() || paymentTimeout.isZero())
            throw new IllegalArgumentException("payment timeout must be > 0, was " + Problems.seconds(paymentTimeout));
        channels = Map.copyOf(channels);
        if (answerTimeout.isNegative() || answerTimeout.isZero())
            throw new IllegalArgumentException("answer timeout must be > 0, was " + Problems.seconds(answerTimeout));
        if (consoleTimeout.isNegative() || consoleTimeout.isZero())
            throw new IllegalArgumentException("console timeout must be > 0, was " + Problems.seconds(consoleTimeout));
        Objects.requireNonNull(keyFile, "keyFile");
    }

    /**
     * Throws IllegalArgumentException, naming the field, when the T2, D5 or T4 frob would answer
     * with cannot be written: a config file fails at start, not at the first D4. Not done for
     * every config (DEFAULTS are tested once): each check costs a start milliseconds of reflection.
     */
    public void requireWritable() {
        Messages.encode("1", terminal);
        Messages.encode("1", deviceParams);
        Messages.encode("1", new Versions.Proposal(versions));
        for (String v : versions) Messages.encode("1", new Versions.Selection(v));
    }

    public FrobConfig withChannel(ChannelName name, ChannelSpec spec) {
        Map<ChannelName, ChannelSpec> m = new EnumMap<>(ChannelName.class);
        m.putAll(channels);
        m.put(name, spec);
        return new FrobConfig(terminal, versions, deviceParams, paymentTimeout, m, channelFormat, answerTimeout, consoleTimeout, keyFile);
    }

    public FrobConfig withChannelFormat(ChannelFormat f) {
        return new FrobConfig(terminal, versions, deviceParams, paymentTimeout, channels, f, answerTimeout, consoleTimeout, keyFile);
    }

    public FrobConfig withPaymentTimeout(Duration d) {
        return new FrobConfig(terminal, versions, deviceParams, d, channels, channelFormat, answerTimeout, consoleTimeout, keyFile);
    }

    public FrobConfig withAnswerTimeouts(Duration answer, Duration console) {
        return new FrobConfig(terminal, versions, deviceParams, paymentTimeout, channels, channelFormat, answer, console, keyFile);
    }

    public FrobConfig withKeyFile(Path file) {
        return new FrobConfig(terminal, versions, deviceParams, paymentTimeout, channels, channelFormat, answerTimeout, consoleTimeout, file);
    }
}
