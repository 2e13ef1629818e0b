package tillbridge.protocol.message;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** The transaction flow, spec §4: {@code S1 (I1 | P1)* S2}. Amounts are in minor units (grosze). */
public sealed interface Sale extends Message {
    /** S1 kind: a sale. */
    String SALE = "S";
    /** S1 kind: report the outcome of an earlier payment with the same ECR and payment id (reference Q1). */
    String STATUS = "C";
    /**
     * tillbridge definition: the payment id of a status query (S1 kind C) that asks for the last
     * transaction of its ECR id, whatever its payment id was. Reserved: never the id of a sale.
     */
    String LAST = "LAST";

    /** S1. {@code maxCashback} is left out when the ECR offers no cashback (Q17). */
    record Start(String kind, String ecrId, String paymentId, long gross, long net, long vat,
                 String currency, long cashback, OptionalLong maxCashback) implements Sale {
        public Start {
            if (kind == null || kind.length() != 1) throw new IllegalArgumentException("S1 kind must be one character, was " + kind);
            if (currency == null || !currency.matches("[A-Z]{3}"))
                throw new IllegalArgumentException("currency must be 3 capital letters (ISO 4217), was " + currency);
            if (gross < 0 || net < 0 || vat < 0 || cashback < 0) throw new IllegalArgumentException("S1 amounts must be >= 0");
        }

        public boolean isStatusQuery() {
            return STATUS.equals(kind);
        }

        /** A status query for the last transaction of this ECR id ({@link Sale#LAST}). */
        public boolean asksForLast() {
            return isStatusQuery() && LAST.equals(paymentId);
        }
    }

    /**
     * S2, answering S1 with its token. Fields 1-9 as in reference §4.2; {@code maskedPan},
     * {@code authCode} and {@code paymentId} are tillbridge extension fields 10-12
     * (docs/protocol.md), left out when empty. {@code paymentId} names the payment an answer to a
     * status query reports on; it matters for a query of {@link #LAST}.
     */
    record End(OptionalInt result, String cardToken, String mid, String tid, String transactionId,
               OptionalLong amount, OptionalLong cashback, String method, String message,
               String maskedPan, String authCode, String paymentId) implements Sale {
        public static final int APPROVED = 0;
        /** Another transaction is running (frobd's code). */
        public static final int BUSY = 993;
        /** tillbridge definition: the payment application cannot be reached. */
        public static final int UNAVAILABLE = 994;
        /** tillbridge definition: the S1 reached the payment application but its S2 did not come back; ask with a status query. */
        public static final int UNKNOWN = 995;
        /** tillbridge definition: the cardholder or the ECR cancelled (ISO 8583 code 17). */
        public static final int CANCELLED = 17;
        /** tillbridge definition: a status query names no payment the terminal knows. */
        public static final int NO_SUCH_TRANSACTION = 996;
        /** Rejected or not supported (frobd's code). */
        public static final int REJECTED = 999;

        public End {
            if (!Pan.isMasked(maskedPan))
                throw new IllegalArgumentException("S2 masked_pan must show at most the first 6 and last 4 digits");
        }

        /** An S2 without the payment id (every S2 but the answer to a status query). */
        public End(OptionalInt result, String cardToken, String mid, String tid, String transactionId,
                   OptionalLong amount, OptionalLong cashback, String method, String message,
                   String maskedPan, String authCode) {
            this(result, cardToken, mid, tid, transactionId, amount, cashback, method, message, maskedPan, authCode, "");
        }

        /** An S2 that only carries a result code and a message. */
        public static End of(int result, String message) {
            return new End(OptionalInt.of(result), "", "", "", "", OptionalLong.empty(), OptionalLong.empty(), "", message, "", "");
        }

        /** The same S2 naming the payment it reports on. */
        public End withPaymentId(String id) {
            return new End(result, cardToken, mid, tid, transactionId, amount, cashback, method, message, maskedPan, authCode, id);
        }

        public boolean approved() {
            return result.isPresent() && result.getAsInt() == APPROVED;
        }
    }

    /** P1: the ECR asks to abort; the EFT still ends the sale with S2. */
    record Abort() implements Sale {}

    /** I1: a status of the running transaction (codes in reference §4.4). */
    record Status(int status, String message) implements Sale {
        public static final int WAITING_FOR_CARD = 20;
        public static final int WAITING_FOR_AUTHORISATION = 50;
        public static final int WAITING_FOR_PIN = 90;
        public static final int CONNECTING = 100;
        public static final int PRINTING_APPROVED = 140;
        public static final int PRINTING_DECLINED = 150;
        public static final int ABORTING = 180;
    }
}
