package tillbridge.frob.session;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.frob.config.FrobConfig;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.DeviceParams;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Keys;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Notice;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Sale;
import tillbridge.protocol.message.Unknown;
import tillbridge.protocol.message.Versions;

/**
 * What frob answers by itself, from its configuration: T1 → T2, T3 → T4, T4 → T5, D4 → D5, and
 * "not supported" (999) for printing and console requests sent by the ECR (they flow from the
 * terminal to the ECR, never the other way). Key exchange has its own route ({@link KeyRoute});
 * answers, notices and the payment flow get no local answer.
 */
final class LocalAnswers {
    /** frobd's "rejected / not supported" result, the only refusal code its sources show. */
    static final int NOT_SUPPORTED = Console.Result.NOT_SUPPORTED;

    private static final Logger log = LoggerFactory.getLogger(LocalAnswers.class);

    private final FrobConfig config;

    LocalAnswers(FrobConfig config) {
        this.config = config;
    }

    Optional<Message> answer(Message m) {
        CommTest.Answer t = config.terminal();
        return switch (m) {
            case CommTest.Query _ -> Optional.of(t);
            case Versions.Inquiry _ -> Optional.of(new Versions.Proposal(config.versions()));
            case Versions.Proposal p -> Optional.of(new Versions.Selection(choose(p.versions())));
            case DeviceParams.Request _ -> Optional.of(config.deviceParams());
            case Keys.PairingRequest _ -> Optional.of(new Keys.PairingAnswer(t.version(), t.vendor(), t.deviceType(), t.deviceId(),
                    OptionalInt.of(NOT_SUPPORTED), "", ""));
            case Keys.Exchange _ -> Optional.of(new Keys.ExchangeAck(OptionalInt.of(NOT_SUPPORTED)));
            case Console.Result _ -> Optional.empty();
            case Console _ -> Optional.of(new Console.Result(NOT_SUPPORTED, ""));
            case Printing.Answer _, Printing.GraphicInfo _ -> Optional.empty();
            case Printing _ -> Optional.of(new Printing.Answer(NOT_SUPPORTED, "not supported"));
            case CommTest.Answer _, Versions.Selection _, DeviceParams.Answer _, Keys.PairingAnswer _, Keys.ExchangeAck _,
                 Notice _, Sale _, App _, Unknown _, Invalid _ -> Optional.empty();
        };
    }

    /** The highest version both sides support; without one, our lowest, the version used when no negotiation took place. */
    private String choose(List<String> offered) {
        List<String> ours = config.versions();
        return ours.stream().filter(offered::contains).max(LocalAnswers::compareVersions).orElseGet(() -> {
            String lowest = ours.stream().min(LocalAnswers::compareVersions).orElseThrow();
            log.warn("no protocol version in common: the ECR offers {}, frob supports {}; selecting {}", offered, ours, lowest);
            return lowest;
        });
    }

    /**
     * Versions are digit strings such as "160": a longer one is higher, then by text. A method,
     * not Comparator combinators, whose lambdas the AOT cache does not keep (3 ms at each start).
     */
    private static int compareVersions(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
