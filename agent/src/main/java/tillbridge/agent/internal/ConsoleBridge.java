package tillbridge.agent.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import tillbridge.contract.JobEvent.Progress;
import tillbridge.ecr.OperatorConsole;

/**
 * The terminal's operator console requests (K3-K9), lent to the box office: each one becomes a
 * {@code prompt} event of the job running on that terminal, and the box office's answer (arriving
 * on the stream as an {@code answer} event) becomes the K0. Questions are answered {@code yes} or
 * {@code no}; menus and lists by an item's text or number (from 1); input by the text; any prompt
 * by {@code cancel}. Masked input (PINs, passwords) and card presentation never go to the cloud:
 * answered "not supported". With no job running on the terminal, every request is "not supported".
 * Nobody answering within {@code answerTimeout} answers K0 2 (timed out).
 */
final class ConsoleBridge implements OperatorConsole {
    static final String CANCEL = "cancel";

    /** Prompts waiting for the box office, by job id and prompt id. */
    static final class Pending {
        private final Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();

        CompletableFuture<String> open(String jobId, String prompt) {
            return waiting.computeIfAbsent(jobId + "/" + prompt, k -> new CompletableFuture<>());
        }

        void close(String jobId, String prompt) {
            waiting.remove(jobId + "/" + prompt);
        }

        /** Completes a waiting prompt; false when none waits under that id. */
        boolean answer(String jobId, String prompt, String answer) {
            CompletableFuture<String> f = waiting.get(jobId + "/" + prompt);
            return f != null && f.complete(answer);
        }
    }

    private final Supplier<Optional<String>> currentJob;
    private final Uplink uplink;
    private final Pending pending;
    private final Duration answerTimeout;
    private final AtomicInteger serial = new AtomicInteger();

    ConsoleBridge(Supplier<Optional<String>> currentJob, Uplink uplink, Pending pending, Duration answerTimeout) {
        this.currentJob = currentJob;
        this.uplink = uplink;
        this.pending = pending;
        this.answerTimeout = answerTimeout;
    }

    @Override
    public void claimed() {
        currentJob.get().ifPresent(j -> uplink.event(j, new Progress.ConsoleClaimed()));
    }

    @Override
    public void ended(String reason) {
        currentJob.get().ifPresent(j -> uplink.event(j, new Progress.ConsoleEnded(reason)));
    }

    @Override
    public void display(String text, int seconds) {
        String job = job("display");
        uplink.event(job, new Progress.TerminalDisplay(Payments.masked(text), seconds));
    }

    @Override
    public void sound(int tone, int millis) {
        String job = job("sound");
        uplink.event(job, new Progress.TerminalSound(tone, millis));
    }

    @Override
    public boolean question(String text) throws InterruptedException {
        String a = ask("question", text, List.of("yes", "no"), OptionalInt.empty(), OptionalInt.empty());
        if (a.equalsIgnoreCase("yes")) return true;
        if (a.equalsIgnoreCase("no")) return false;
        throw new Cancelled("answer '" + a + "' is neither yes nor no");
    }

    @Override
    public int menu(String title, List<String> items) throws InterruptedException {
        return pick(ask("menu", title, items, OptionalInt.empty(), OptionalInt.empty()), items);
    }

    @Override
    public int choose(String title, List<String> values) throws InterruptedException {
        return pick(ask("list", title, values, OptionalInt.empty(), OptionalInt.empty()), values);
    }

    @Override
    public String input(String prompt, int min, int max, boolean masked) throws InterruptedException {
        if (masked) throw new UnsupportedOperationException("masked input is never sent to the cloud");
        return ask("input", prompt, List.of(), OptionalInt.of(min), OptionalInt.of(max));
    }

    private static int pick(String answer, List<String> items) {
        for (int i = 0; i < items.size(); i++) if (items.get(i).equalsIgnoreCase(answer)) return i + 1;
        try {
            return Integer.parseInt(answer.trim());
        } catch (NumberFormatException e) {
            throw new Cancelled("answer '" + answer + "' names no item");
        }
    }

    private String job(String what) {
        return currentJob.get().orElseThrow(() -> new UnsupportedOperationException(what + " with no job running on this terminal"));
    }

    /** Raises a prompt on the running job and waits for the box office's answer. */
    private String ask(String kind, String text, List<String> answers, OptionalInt min, OptionalInt max) throws InterruptedException {
        String job = job(kind);
        String id = "console-" + serial.incrementAndGet();
        CompletableFuture<String> answer = pending.open(job, id);
        List<String> offered = new ArrayList<>(answers.stream().map(Payments::masked).toList());
        offered.add(CANCEL);
        uplink.event(job, new Progress.Prompt(id, Optional.of(kind), Payments.masked(text), offered, min, max));
        try {
            String got = answer.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (got.equalsIgnoreCase(CANCEL)) throw new Cancelled("cancelled from the box office");
            return got;
        } catch (TimeoutException x) {
            throw new TimedOut("no answer from the box office within " + answerTimeout.toSeconds() + " s");
        } catch (ExecutionException x) {
            throw new Cancelled(String.valueOf(x.getCause()));
        } finally {
            pending.close(job, id);
        }
    }
}
