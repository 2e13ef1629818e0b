package tillbridge.frob.session;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.protocol.flow.Lane;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Printing;

/**
 * Printing on the ECR's printer for the terminal software (docs/channels.md): D2 claim, D6 lines,
 * D3 end; D1 printer status; graphics D7 (answered by D8), D9 parts, DA. A refused D2 drops the
 * printout up to its D3; a refused D6 drops the lines after it and still sends the D3, so the ECR
 * ends the printout; a refused D9 part drops the parts after it and still sends the last one.
 */
final class PrintRoute extends RelayRoute {
    private static final Logger log = LoggerFactory.getLogger(PrintRoute.class);

    private enum Mode {
        /** No printout or graphic open. */
        NONE,
        /** D2 accepted: lines may follow. */
        RECEIPT,
        /** A D6 refused: further lines are dropped, the D3 is sent. */
        LINES_REFUSED,
        /** D2 refused, or the printout abandoned: everything up to its D3 is dropped. */
        RECEIPT_DROPPED,
        /** D9 parts accepted so far. */
        PARTS,
        /** A D9 part refused: further parts are dropped, the last one is sent. */
        PARTS_REFUSED,
        /** The graphic abandoned: parts up to the last are dropped. */
        PARTS_DROPPED
    }

    private final Duration timeout;
    private Mode mode = Mode.NONE;
    private String refusal = "";

    PrintRoute(Lane flow, ToEcr ecr, ChannelOut channels, Duration timeout, LongSupplier nanoClock) {
        super(flow, ecr, channels, nanoClock);
        this.timeout = timeout;
    }

    @Override
    Duration timeout(Message request) {
        return timeout;
    }

    @Override
    boolean opens(Message request) {
        return request instanceof Printing.Start || (request instanceof Printing.GraphicStore && mode == Mode.NONE);
    }

    @Override
    boolean ok(Message answer) {
        return !(answer instanceof Printing.Answer a) || a.ok();
    }

    @Override
    String drop(Message request) {
        return switch (mode) {
            case RECEIPT_DROPPED -> switch (request) {
                case Printing.Content _ -> refusal;
                case Printing.End _ -> {
                    mode = Mode.NONE;
                    yield refusal;
                }
                default -> {
                    mode = Mode.NONE; // a new flow starts
                    yield null;
                }
            };
            case LINES_REFUSED -> request instanceof Printing.Content ? refusal : null;
            case PARTS_REFUSED -> request instanceof Printing.GraphicStore g && !g.last() ? refusal : null;
            case PARTS_DROPPED -> {
                if (!(request instanceof Printing.GraphicStore g)) {
                    mode = Mode.NONE;
                    yield null;
                }
                if (g.last()) mode = Mode.NONE;
                yield refusal;
            }
            case NONE, RECEIPT, PARTS -> null;
        };
    }

    @Override
    void answered(Message request, boolean ok) {
        switch (request) {
            case Printing.Start _ -> {
                mode = ok ? Mode.RECEIPT : Mode.RECEIPT_DROPPED;
                refusal = "the ECR refused the printout";
            }
            case Printing.Content _ -> {
                if (!ok) {
                    mode = Mode.LINES_REFUSED;
                    refusal = "the ECR refused a line of this printout";
                }
            }
            case Printing.End _ -> mode = Mode.NONE;
            case Printing.GraphicStore g -> {
                if (g.last()) mode = Mode.NONE;
                else if (!ok) {
                    mode = Mode.PARTS_REFUSED;
                    refusal = "the ECR refused a part of graphic " + g.id();
                } else if (mode == Mode.NONE) mode = Mode.PARTS;
            }
            default -> { }
        }
    }

    @Override
    void timedOut(Request request) {
        refusal = "the printout was abandoned: the ECR did not answer";
        mode = switch (request.message()) {
            case Printing.Start _, Printing.Content _ -> Mode.RECEIPT_DROPPED;
            case Printing.GraphicStore g when !g.last() -> Mode.PARTS_DROPPED;
            default -> Mode.NONE;
        };
    }

    @Override
    Optional<Message> orphanClose(boolean ownerEnded) {
        if (!ownerEnded) return Optional.empty();
        switch (mode) {
            case RECEIPT, LINES_REFUSED -> {
                mode = Mode.NONE;
                return Optional.of(new Printing.End(false));
            }
            case PARTS, PARTS_REFUSED -> {
                log.warn("printing: the terminal software went away in the middle of a graphic; the ECR keeps it incomplete");
                mode = Mode.NONE;
                resetFlow();
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }
}
