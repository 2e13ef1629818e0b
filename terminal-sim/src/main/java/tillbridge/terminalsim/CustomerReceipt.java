package tillbridge.terminalsim;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Sale;

/**
 * The customer receipt terminal-sim prints on the ECR's printer (docs/terminal-sim.md): one D6 per
 * group of lines with the same attributes, every line at most 32 characters (16 for double width),
 * which fits the narrowest common receipt printer (58 mm, 32 characters a line).
 */
final class CustomerReceipt {
    static final int WIDTH = 32;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private CustomerReceipt() {}

    static List<Printing.Content> customer(Sale.Start s1, Sale.End s2, LocalDateTime at) {
        List<Printing.Content> out = new ArrayList<>();
        out.add(new Printing.Content("CB", List.of("TILLBRIDGE TERMINAL-SIM", "CUSTOMER RECEIPT")));
        List<String> body = new ArrayList<>();
        body.add(pair("MID", s2.mid()));
        body.add(pair("TID", s2.tid()));
        body.add(pair("DATE", at.format(WHEN)));
        body.add(pair("ECR", s1.ecrId()));
        body.add(pair("REF", s1.paymentId()));
        body.add(pair("TXN", s2.transactionId()));
        if (!s2.method().isEmpty()) body.add(pair(s2.method(), s2.maskedPan()));
        body.add("SALE");
        out.add(new Printing.Content("", body.stream().map(CustomerReceipt::fit).toList()));
        out.add(new Printing.Content("WC", List.of(fit(amount(s1.gross()) + " " + s1.currency(), WIDTH / 2))));
        if (s1.cashback() > 0) out.add(new Printing.Content("", List.of(pair("CASHBACK", amount(s1.cashback()) + " " + s1.currency()))));
        List<String> verdict = new ArrayList<>();
        verdict.add(s2.approved() ? "APPROVED" : "DECLINED");
        if (!s2.message().isEmpty() && !s2.approved()) verdict.add(fit(s2.message().toUpperCase(java.util.Locale.ROOT)));
        if (!s2.authCode().isEmpty()) verdict.add("AUTH CODE " + s2.authCode());
        out.add(new Printing.Content("CB", verdict));
        out.add(new Printing.Content("C", List.of("THANK YOU")));
        return out;
    }

    /** {@code label} left and {@code value} right in one line of {@link #WIDTH}. */
    private static String pair(String label, String value) {
        int gap = WIDTH - label.length() - value.length();
        return gap >= 1 ? label + " ".repeat(gap) + value : fit(label + " " + value);
    }

    private static String amount(long minor) {
        return String.format("%d.%02d", minor / 100, minor % 100);
    }

    private static String fit(String s) {
        return fit(s, WIDTH);
    }

    private static String fit(String s, int width) {
        String t = s.replaceAll("[^\\x20-\\x7E]", "?");
        return t.length() <= width ? t : t.substring(0, width);
    }
}
