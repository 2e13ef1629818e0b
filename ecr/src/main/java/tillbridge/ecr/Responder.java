package tillbridge.ecr;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.DeviceParams;
import tillbridge.protocol.message.Keys;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Versions;

/**
 * Answers what the terminal asks of the ECR, also while it waits for S2: T1, T3, D4 (a D5 that shows a printer and a display only when the caller lent
 * them, {@link Devices}), and B1 (this ECR is the initiator of key exchange, never the responder).
 * Printing, console and notices go to {@link Devices}.
 */
final class Responder {
    private static final int NOT_SUPPORTED = 999;
    private static final OptionalInt NONE = OptionalInt.empty();

    private final List<String> versions;
    private final String version;
    private final Devices devices;
    private final Logger log;

    Responder(List<String> versions, Devices devices, Logger log) {
        this.versions = versions;
        this.version = Collections.max(versions, Responder::compareVersions);
        this.devices = devices;
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
            case DeviceParams.Request r -> Optional.of(deviceParams());
            case Keys.PairingRequest b -> Optional.of(new Keys.PairingAnswer(version, "tillbridge", "ECR", "", OptionalInt.of(NOT_SUPPORTED), "", ""));
            default -> ignored(m);
        };
    }

    /** D5: the printer and display this ECR offers, or none (docs/ecr.md). */
    private DeviceParams.Answer deviceParams() {
        boolean p = devices.hasPrinter();
        boolean d = devices.hasConsole();
        return new DeviceParams.Answer(p ? of(Devices.CPL) : NONE, p ? of(Devices.CPL_DOUBLE) : NONE, p ? of(Devices.CPL / 4) : NONE, p ? of(Devices.CPL) : NONE,
                p, false, false, NONE, NONE, p ? of(Devices.MAX_GRAPHICS) : NONE, p ? of(Devices.MAX_GRAPHIC_WIDTH) : NONE,
                p ? of(Devices.MAX_GRAPHIC_HEIGHT) : NONE, NONE, p ? of(Devices.MAX_LINES) : NONE,
                d ? of(4) : NONE, d ? of(40) : NONE, List.of(), 0, false, false, false, false);
    }

    private static OptionalInt of(int v) {
        return OptionalInt.of(v);
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

    /** The highest version in both lists (the side that asked picks the highest common version), if any. */
    static Optional<String> highestCommon(List<String> ours, List<String> theirs) {
        return theirs.stream().filter(v -> !v.isEmpty())
                .filter(v -> ours.stream().anyMatch(o -> compareVersions(o, v) == 0))
                .max(Responder::compareVersions);
    }
}
