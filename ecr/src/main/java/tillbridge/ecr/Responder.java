package tillbridge.ecr;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.DeviceParams;
import tillbridge.protocol.message.Keys;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Notice;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Versions;

/**
 * Answers what the terminal asks of the ECR (reference §5.3: the ECR keeps answering while it
 * waits for S2). This ECR has no printer, display or console to lend: print and console requests
 * are refused with result 999 (not supported), so the terminal falls back to its own.
 */
final class Responder {
    private static final int NOT_SUPPORTED = 999;
    private static final OptionalInt NONE = OptionalInt.empty();

    private final List<String> versions;
    private final String version;
    private final Logger log;

    Responder(List<String> versions, Logger log) {
        this.versions = versions;
        this.version = Collections.max(versions, Responder::compareVersions);
        this.log = log;
    }

    /** The answer to send with the request's token, if the message asks for one. */
    Optional<Message> answer(Message m) {
        return switch (m) {
            case CommTest.Query q -> Optional.of(new CommTest.Answer(version, "tillbridge", "ECR", ""));
            case Versions.Inquiry i -> Optional.of(new Versions.Proposal(versions));
            case Versions.Selection s -> {
                log.info("terminal selected protocol version {}", s.version());
                yield Optional.empty();
            }
            case DeviceParams.Request r -> Optional.of(new DeviceParams.Answer(NONE, NONE, NONE, NONE, false, false, false,
                    NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, List.of(), 0, false, false, false, false));
            case Printing.GraphicQuery g -> Optional.of(new Printing.GraphicInfo(g.id(), false, NONE, NONE));
            case Printing.Answer a -> ignored(m);
            case Printing.GraphicInfo g -> ignored(m);
            case Printing p -> Optional.of(new Printing.Answer(NOT_SUPPORTED, "no printer"));
            case Console.Result r -> ignored(m);
            case Console c -> Optional.of(new Console.Result(NOT_SUPPORTED, ""));
            case Keys.PairingRequest b -> Optional.of(new Keys.PairingAnswer(version, "tillbridge", "ECR", "", OptionalInt.of(NOT_SUPPORTED), "", ""));
            case Notice.Unavailable u -> {
                log.warn("terminal unavailable for {} s: {}", u.seconds(), u.reason());
                yield Optional.empty();
            }
            case Notice.Event e -> {
                log.info("terminal event {}: {}", e.event(), e.text());
                yield Optional.empty();
            }
            default -> ignored(m);
        };
    }

    private Optional<Message> ignored(Message m) {
        log.info("{} from the terminal answers nothing we asked; ignored", m.code());
        return Optional.empty();
    }

    /** Numeric when both are numbers ("170" > "160"), else text order. */
    static int compareVersions(String a, String b) {
        if (a.matches("[0-9]+") && b.matches("[0-9]+")) return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        return a.compareTo(b);
    }

    /** The highest version in both lists (reference Q8), if any. */
    static Optional<String> highestCommon(List<String> ours, List<String> theirs) {
        return theirs.stream().filter(v -> !v.isEmpty())
                .filter(v -> ours.stream().anyMatch(o -> compareVersions(o, v) == 0))
                .max(Responder::compareVersions);
    }
}
