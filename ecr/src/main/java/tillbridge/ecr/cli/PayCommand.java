package tillbridge.ecr.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tillbridge.ecr.EcrException;
import tillbridge.ecr.EcrSession;
import tillbridge.ecr.PaymentListener;
import tillbridge.ecr.PaymentRequest;
import tillbridge.ecr.PaymentResult;
import tillbridge.ecr.StatusText;
import tillbridge.protocol.message.Sale;

@Command(name = "pay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a card payment: S1, print each terminal status (I1) as it arrives, then the outcome and the S2 details.",
            "Ctrl-C sends P1 (abort) and keeps waiting for the terminal's S2; a second Ctrl-C leaves at once with exit code 3 (unknown).",
            "If the outcome is in doubt (no ACK, no S2 in time, connection lost, S2 995) it is asked with a status query; "
                    + "the S1 is never sent twice."})
final class PayCommand implements Callable<Integer> {
    @ParentCommand
    EcrCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "AMOUNT",
            description = "Amount in major units with the currency's decimals (ISO 4217): 12.50 PLN, 12 JPY, 1.234 KWD.")
    String amount;

    @Parameters(index = "1", paramLabel = "CURRENCY", description = "ISO 4217 code, e.g. PLN.")
    String currency;

    @Option(names = "--cashback", paramLabel = "X", defaultValue = "0", description = "Cash to hand out, major units (default: none).")
    String cashback;

    @Option(names = "--max-cashback", paramLabel = "X", description = "The highest cashback the cardholder may enter on the terminal, major units.")
    String maxCashback;

    @Option(names = "--ref", paramLabel = "ID", description = "Payment reference, 1-20 characters (default: a new unique id, printed).")
    String reference;

    @Option(names = "--ecr-id", paramLabel = "ID", defaultValue = PaymentRequest.DEFAULT_ECR_ID, description = "This ECR's id (default: ${DEFAULT-VALUE}).")
    String ecrId;

    @Option(names = "--abort-after", paramLabel = "SECONDS", description = "Send P1 (abort) after this many seconds, as Ctrl-C does.")
    Double abortAfter;

    @Override
    public Integer call() throws Exception {
        PaymentRequest request = request();
        PrintWriter out = spec.commandLine().getOut();
        try (EcrSession session = parent.open(spec.commandLine())) {
            out.println("reference " + request.reference());
            out.flush();
            CompletableFuture<PaymentResult> result = session.payAsync(request, new Printer(out));
            AtomicInteger interrupts = new AtomicInteger();
            Runnable abort = () -> {
                if (result.isDone()) return;
                if (interrupts.incrementAndGet() > 1) {
                    System.err.println("ecr: interrupted again; leaving without the outcome. Payment " + request.reference()
                            + " is UNKNOWN: check the terminal or run 'ecr status --ref " + request.reference() + "'");
                    System.exit(EcrCli.UNKNOWN);
                }
                System.err.println("ecr: interrupted: sending P1 (abort) and waiting for the terminal to end the payment (Ctrl-C again to leave)");
                Thread.ofVirtual().start(() -> sendAbort(session, out));
            };
            Interrupts.Handle handle = Interrupts.onInterrupt(abort);
            try {
                if (abortAfter != null) Thread.ofVirtual().start(() -> {
                    try {
                        result.get((long) (abortAfter * 1000), TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        out.println("abort after " + abortAfter + " s");
                        out.flush();
                        sendAbort(session, out);
                    } catch (Exception e) {
                        // the payment ended first
                    }
                });
                return Report.print(out, result.join(), request.currency(), false);
            } finally {
                handle.restore();
            }
        }
    }

    private PaymentRequest request() {
        try {
            String code = currency.toUpperCase(java.util.Locale.ROOT);
            PaymentRequest r = PaymentRequest.of(Amounts.parse(amount, code), code).withCashback(minor("--cashback", cashback, code)).withEcrId(ecrId);
            if (maxCashback != null) r = r.withMaxCashback(minor("--max-cashback", maxCashback, code));
            if (reference != null) r = r.withReference(reference);
            if (abortAfter != null && !(abortAfter >= 0)) throw new IllegalArgumentException("--abort-after must be >= 0, was " + abortAfter);
            return r;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static long minor(String option, String value, String currency) {
        try {
            return Amounts.parse(value, currency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage());
        }
    }

    private static void sendAbort(EcrSession session, PrintWriter out) {
        String line;
        try {
            line = session.abort() ? "abort acknowledged" : "abort not acknowledged";
        } catch (EcrException | java.io.InterruptedIOException e) {
            line = "abort failed: " + e.getMessage();
        }
        out.println(line);
        out.flush();
    }

    /** Prints the progress lines of a payment. */
    private record Printer(PrintWriter out) implements PaymentListener {
        @Override
        public void sent(PaymentRequest r) {
            print("sent " + Amounts.format(r.amount(), r.currency()) + " " + r.currency()
                    + (r.cashback() > 0 ? " cashback " + Amounts.format(r.cashback(), r.currency()) : ""));
        }

        @Override
        public void status(Sale.Status s) {
            String meaning = StatusText.of(s.status());
            boolean same = s.message().isBlank() || s.message().equalsIgnoreCase(meaning);
            print("status " + s.status() + " " + meaning + (same ? "" : ": " + s.message()));
        }

        @Override
        public void recovering(String reason) {
            print("recovering " + reason);
        }

        private void print(String line) {
            out.println(line);
            out.flush();
        }
    }
}
