package tillbridge.nexo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.nexo.FrobToNexo.Session;
import tillbridge.nexo.model.Nexo;
import tillbridge.nexo.model.Nexo.SaleToPOIRequest;
import tillbridge.nexo.transport.PoiTransport;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Printing;

/**
 * The POI's Display, Input and Print requests, relayed to the ECR's console and printer through
 * frob (K1, K3-K8, K2; D2, D6, D3) and answered from their K0 / D0 (docs/nexo.md).
 */
final class DeviceRelay {
    private static final Logger log = LoggerFactory.getLogger(FrobToNexo.class); // one logger tells a connection's story

    private final FrobToNexo conn;
    /** Console and print requests sent to frob for the POI, by token, waiting for their K0 / D0 (null: refused by frob). */
    private final Map<String, CompletableFuture<Message>> awaiting = new ConcurrentHashMap<>();

    DeviceRelay(FrobToNexo conn) {
        this.conn = conn;
    }

    /** frob refused a message of ours: the request it names gets no answer. */
    void refused(String reason) {
        awaiting.forEach((token, f) -> {
            if (reason.contains("[" + token + "]")) f.complete(null);
        });
    }

    /** The POI's device requests during an exchange for session {@code s}. */
    PoiTransport.DeviceRequests forSession(Session s) {
        return r -> {
            try {
                return deviceRequest(s, r);
            } catch (RuntimeException e) {
                log.error("{} {}: bug while relaying a device request: {}", conn.name, s.id, e.toString(), e);
                return DeviceMapping.notSupported(r);
            }
        };
    }

    /** What {@link #ask} returns when no answer came in time (neither a K0 nor a D0). */
    private static final Message NO_ANSWER = new Console.Claim();

    private Nexo.SaleToPOIResponse deviceRequest(Session s, SaleToPOIRequest r) {
        if (s.closed || r.header() == null) return DeviceMapping.notSupported(r);
        Nexo.MessageHeader h = r.header().response();
        log.info("{} {}: <- nexo {}Request from the POI", conn.name, s.id, r.header().messageCategory());
        if (r.display() != null) {
            List<Console.Display> k3 = DeviceMapping.display(r.display());
            if (k3.isEmpty()) return DeviceMapping.notSupported(r);
            Console.Result shown = console(s, k3);
            boolean wanted = r.display().displayOutput().stream().anyMatch(d -> Boolean.TRUE.equals(d.responseRequired()));
            return wanted ? Nexo.SaleToPOIResponse.display(h, DeviceMapping.displayResponse(r.display(), shown)) : null;
        }
        if (r.input() != null) {
            var k = DeviceMapping.input(r.input());
            if (k.isEmpty()) return DeviceMapping.notSupported(r);
            return Nexo.SaleToPOIResponse.input(h, DeviceMapping.inputResponse(r.input(), console(s, List.of(k.get()))));
        }
        if (r.print() != null) {
            List<Printing.Answer> answers = new ArrayList<>();
            boolean failed = false;
            for (Printing p : DeviceMapping.print(r.print())) {
                if (failed && !(p instanceof Printing.End)) continue; // frob's rule: after a refused D6 only the D3 follows
                Message a = ask(s, p, conn.proxy.config.requestTimeout());
                Printing.Answer d0 = a instanceof Printing.Answer x ? x
                        : a == null ? new Printing.Answer(Console.Result.NOT_SUPPORTED, "refused by frob") : new Printing.Answer(Console.Result.TIMEOUT, "no D0 in time");
                answers.add(d0);
                if (!d0.ok()) {
                    if (p instanceof Printing.Start) break;
                    failed = true;
                }
            }
            boolean wanted = r.print().printOutput() == null || !"NotRequired".equals(r.print().printOutput().responseMode());
            return wanted ? Nexo.SaleToPOIResponse.print(h, DeviceMapping.printResponse(r.print(), answers)) : null;
        }
        return DeviceMapping.notSupported(r);
    }

    /** K1, the requests, K2; the K0 of the last request (or of a refused K1). Operator answers may take up to the payment timeout. */
    private Console.Result console(Session s, List<? extends Console> requests) {
        Console.Result claim = k0(ask(s, new Console.Claim(), conn.proxy.config.requestTimeout()));
        if (claim.result() != Console.Result.OK) return claim;
        Console.Result last = claim;
        for (Console c : requests) {
            last = k0(ask(s, c, conn.proxy.config.paymentTimeout()));
            if (last.result() != Console.Result.OK) break;
        }
        ask(s, new Console.Interrupt("nexo request done"), conn.proxy.config.requestTimeout());
        return last;
    }

    private static Console.Result k0(Message m) {
        if (m instanceof Console.Result r) return r;
        return new Console.Result(m == null ? Console.Result.NOT_SUPPORTED : Console.Result.TIMEOUT, "");
    }

    /** Sends a console or print request to frob with a fresh token and waits for its answer: the K0/D0, null if frob refused it, {@link #NO_ANSWER} on timeout. */
    private Message ask(Session s, Message request, Duration timeout) {
        String token = conn.freshToken();
        var f = new CompletableFuture<Message>();
        awaiting.put(token, f);
        try {
            conn.sendPacket(s, request, token);
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("{} {}: no answer to {} [{}] within {} s", conn.name, s.id, request.code(), token, timeout.toSeconds());
            return NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NO_ANSWER;
        } catch (ExecutionException e) {
            return null;
        } finally {
            awaiting.remove(token);
        }
    }

    /** A K0 or D0 from frob: completes the request it answers. */
    void answered(Session s, Packet p, Message answer) {
        var f = awaiting.get(p.token());
        if (f == null) {
            conn.reject(s.id, p.type() + " [" + p.token() + "] answers no request of nexo-proxy");
            return;
        }
        f.complete(answer);
    }
}
