package tillbridge.frob.session;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import tillbridge.frob.channel.ChannelName;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.flow.Lane;
import tillbridge.protocol.message.Message;

/**
 * The ECR's operator console for the terminal software (docs/channels.md): K1 claim, K3-K9
 * interactions, K2 end, each answered by the ECR's K0. Every K0 goes to the {@code ui} channel and
 * to the channel the request came from. A refused K1 drops the session's requests up to its K2;
 * an interaction the operator does not answer in time ends the console session with frob's own K2.
 */
final class ConsoleRoute extends RelayRoute {
    private enum Mode { NONE, GRANTED, DROPPED }

    private final Duration answerTimeout;
    private final Duration consoleTimeout;
    private Mode mode = Mode.NONE;
    private String refusal = "";

    ConsoleRoute(Lane flow, ToEcr ecr, ChannelOut channels, Duration answerTimeout, Duration consoleTimeout, LongSupplier nanoClock) {
        super(flow, ecr, channels, nanoClock);
        this.answerTimeout = answerTimeout;
        this.consoleTimeout = consoleTimeout;
    }

    /** A person answers K3-K9 at the ECR, so they get the longer console timeout. */
    @Override
    Duration timeout(Message request) {
        return request instanceof Console.Claim || request instanceof Console.Interrupt ? answerTimeout : consoleTimeout;
    }

    @Override
    boolean opens(Message request) {
        return request instanceof Console.Claim;
    }

    @Override
    boolean ok(Message answer) {
        return answer instanceof Console.Result r && r.result() == Console.Result.OK;
    }

    @Override
    String drop(Message request) {
        if (mode != Mode.DROPPED) return null;
        switch (request) {
            case Console.Claim _ -> {
                mode = Mode.NONE;
                return null;
            }
            case Console.Interrupt _ -> {
                mode = Mode.NONE;
                return refusal;
            }
            default -> {
                return refusal;
            }
        }
    }

    @Override
    void answered(Message request, boolean ok) {
        switch (request) {
            case Console.Claim _ -> {
                mode = ok ? Mode.GRANTED : Mode.DROPPED;
                refusal = "the ECR refused the console";
            }
            case Console.Interrupt _ -> mode = Mode.NONE;
            default -> { }
        }
    }

    @Override
    void timedOut(Request request) {
        if (request.message() instanceof Console.Interrupt) {
            mode = Mode.NONE;
            return;
        }
        mode = Mode.DROPPED;
        refusal = "the console session was abandoned: the ECR did not answer";
        sendFirst(new Console.Interrupt("no answer in time"));
    }

    @Override
    Optional<Message> orphanClose(boolean ownerEnded) {
        if (!ownerEnded || mode != Mode.GRANTED) return Optional.empty();
        mode = Mode.NONE;
        return Optional.of(new Console.Interrupt("terminal software gone"));
    }

    /** Every K0 also goes to the ui channel. */
    @Override
    void relay(Request r, Packet answer) {
        super.relay(r, answer);
        if (r.from() != ChannelName.UI && channels.writable(ChannelName.UI)) channels.send(ChannelName.UI, answer);
    }
}
