package tillbridge.ecr;

/**
 * This ECR's printer, for printouts the terminal sends (docs/ecr.md). With a listener set the
 * session claims the printer for the terminal (D2 → D0 0), checks and collects the lines (D6) and
 * hands over the whole receipt at its end (D3); it answers D1 "ready" and keeps graphics (D7-DA)
 * in memory. Called on the session's thread: return quickly. An exception refuses the printout
 * (D0 1 "printer error").
 */
@FunctionalInterface
public interface ReceiptListener {
    void receipt(Receipt receipt);
}
