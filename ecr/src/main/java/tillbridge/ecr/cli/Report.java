package tillbridge.ecr.cli;

import java.io.PrintWriter;
import tillbridge.ecr.PaymentResult;
import tillbridge.protocol.message.Sale;

/** Prints a payment outcome as {@code key value} lines on stdout; never the card token. */
final class Report {
    private Report() {}

    /** Prints the outcome block; returns the exit code for it. {@code currency} may be null. */
    static int print(PrintWriter out, PaymentResult r, String currency, boolean withReference) {
        out.println("outcome " + r.outcome() + (r.recovered() ? " (from a status query)" : ""));
        if (withReference) line(out, "reference", r.reference());
        line(out, "message", r.message());
        r.end().ifPresent(e -> s2(out, e, currency));
        out.flush();
        return exitCode(r);
    }

    static int exitCode(PaymentResult r) {
        return switch (r.outcome()) {
            case APPROVED -> EcrCli.OK;
            case DECLINED -> EcrCli.DECLINED;
            case ABORTED -> EcrCli.ABORTED;
            case UNKNOWN -> EcrCli.UNKNOWN;
            case ERROR -> EcrCli.ERROR;
        };
    }

    private static void s2(PrintWriter out, Sale.End e, String currency) {
        line(out, "result", e.result().isPresent() ? Integer.toString(e.result().getAsInt()) : "");
        line(out, "masked_pan", e.maskedPan());
        line(out, "auth_code", e.authCode());
        line(out, "tid", e.tid());
        line(out, "mid", e.mid());
        line(out, "transaction_id", e.transactionId());
        if (e.amount().isPresent()) line(out, "amount", amount(e.amount().getAsLong(), currency));
        if (e.cashback().isPresent() && e.cashback().getAsLong() > 0) line(out, "cashback", amount(e.cashback().getAsLong(), currency));
        line(out, "method", e.method());
        line(out, "terminal_message", e.message());
    }

    /** "12.50 PLN"; without the currency (an S2 does not name it) the decimals are unknown: "1250 minor units". */
    private static String amount(long minor, String currency) {
        return currency == null ? minor + " minor units" : Amounts.format(minor, currency) + " " + currency;
    }

    private static void line(PrintWriter out, String key, String value) {
        if (value != null && !value.isEmpty()) out.println(key + " " + value);
    }
}
