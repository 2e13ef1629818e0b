package tillbridge.nexo;

import java.time.Duration;

/**
 * nexo-proxy's settings.
 *
 * @param poiId          POIID in every MessageHeader (and the S2 tid when the POI names none)
 * @param saleId         SaleID for Login/Logout before the session saw an S1 (payments use their ecr_id)
 * @param paymentTimeout the longest wait for a PaymentResponse
 * @param requestTimeout the longest wait for any other response (TransactionStatus, Login, Logout) and for an Abort's delivery
 * @param frames         true: raw ECR-EFT frames toward frob ({@code --channel-format frame}); false: JSON lines
 */
record Config(String poiId, String saleId, Duration paymentTimeout, Duration requestTimeout, boolean frames) {
    static final String ID_CHARS = "[\\x21-\\x7E]{1,40}";

    Config {
        if (poiId == null || !poiId.matches(ID_CHARS)) throw new IllegalArgumentException("--poi-id must be 1-40 printable ASCII characters without spaces");
        if (saleId == null || !saleId.matches(ID_CHARS)) throw new IllegalArgumentException("--sale-id must be 1-40 printable ASCII characters without spaces");
        if (paymentTimeout.isNegative() || paymentTimeout.isZero()) throw new IllegalArgumentException("--payment-timeout must be > 0");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) throw new IllegalArgumentException("--request-timeout must be > 0");
    }
}
