package tillbridge.protocol.message;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The transaction flow, spec §4: {@code S1 (I1 | P1)* S2}. Amounts are in minor units (grosze). */
public sealed interface Sale extends Message {
    /** S1 kind: a sale. */
    String SALE = "S";
    /** S1 kind: report the outcome of an earlier payment with the same ECR and payment id (our reading of kind C; the specification text was not available). */
    String STATUS = "C";
    /**
     * tillbridge definition: the payment id of a status query (S1 kind C) that asks for the last
     * transaction of its ECR id, whatever its payment id was. Reserved: never the id of a sale.
     */
    String LAST = "LAST";

    /** S1. {@code maxCashback} is left out when the ECR offers no cashback: frobd reads an empty field there as malformed. */
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
     * S2, answering S1 with its token. Fields 1-9 are those of the protocol; {@code maskedPan},
     * {@code authCode}, {@code paymentId} and {@code ecrId} are tillbridge extension fields 10-13
     * (docs/protocol.md), left out when empty. {@code paymentId} and {@code ecrId} name the S1 the
     * S2 answers, so that a cash register can tell an answer to its request from any other S2 that
     * happens to carry its token.
     */
    record End(OptionalInt result, String cardToken, String mid, String tid, String transactionId,
               OptionalLong amount, OptionalLong cashback, String method, String message,
               String maskedPan, String authCode, String paymentId, String ecrId) implements Sale {
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

        /** An S2 that does not yet name the S1 it answers ({@link #answering} adds that). */
        public End(OptionalInt result, String cardToken, String mid, String tid, String transactionId,
                   OptionalLong amount, OptionalLong cashback, String method, String message,
                   String maskedPan, String authCode) {
            this(result, cardToken, mid, tid, transactionId, amount, cashback, method, message, maskedPan, authCode, "", "");
        }

        /** An S2 that only carries a result code and a message. */
        public static End of(int result, String message) {
            return new End(OptionalInt.of(result), "", "", "", "", OptionalLong.empty(), OptionalLong.empty(), "", message, "", "");
        }

        /** The same S2 naming the payment it reports on. */
        public End withPaymentId(String id) {
            return new End(result, cardToken, mid, tid, transactionId, amount, cashback, method, message, maskedPan, authCode, id, ecrId);
        }

        /**
         * The same S2 naming the S1 it answers: the ECR id and payment id of {@code s1}, where this
         * S2 names none yet (an answer about {@link #LAST} keeps the payment id it reports on).
         */
        public End answering(Start s1) {
            return new End(result, cardToken, mid, tid, transactionId, amount, cashback, method, message, maskedPan, authCode,
                    paymentId.isEmpty() && !s1.asksForLast() ? s1.paymentId() : paymentId, ecrId.isEmpty() ? s1.ecrId() : ecrId);
        }

        public boolean approved() {
            return result.isPresent() && result.getAsInt() == APPROVED;
        }

        /**
         * Why this S2 cannot be the answer to {@code request}, or empty if it can. An S2 carries the
         * token of its S1, but a token alone is weak proof (a peer that restarted, a stale answer
         * sent again); so the fields it does carry must agree with the request: the ECR id and
         * payment id it names, the amount of a charge (any non-zero amount, and every amount of an
         * approval) and the cashback of an approval. Fields left out are not checked. A status
         * query whose amounts are zero (asked without knowing the sale) has no amounts to check.
         */
        public Optional<String> mismatch(Start request) {
            if (!ecrId.isEmpty() && !ecrId.equals(request.ecrId()))
                return Optional.of("it names ECR id '" + ecrId + "', the request '" + request.ecrId() + "'");
            if (!paymentId.isEmpty() && !request.asksForLast() && !paymentId.equals(request.paymentId()))
                return Optional.of("it names payment id '" + paymentId + "', the request '" + request.paymentId() + "'");
            boolean amountsKnown = !(request.isStatusQuery() && request.gross() == 0);
            if (!amountsKnown) return Optional.empty();
            if (amount.isPresent() && (approved() || amount.getAsLong() != 0) && amount.getAsLong() != request.gross())
                return Optional.of("it reports amount " + amount.getAsLong() + ", the request " + request.gross());
            if (approved() && cashback.isPresent()) {
                long c = cashback.getAsLong();
                boolean fits = request.maxCashback().isPresent() ? c <= Math.max(request.maxCashback().getAsLong(), request.cashback())
                        : c == request.cashback();
                if (!fits) return Optional.of("it reports cashback " + c + ", the request " + request.cashback()
                        + request.maxCashback().stream().mapToObj(m -> " (at most " + m + ")").findFirst().orElse(""));
            }
            return Optional.empty();
        }
    }

    /** P1: the ECR asks to abort; the EFT still ends the sale with S2. */
    record Abort() implements Sale {}

    /** I1: a status of the running transaction (codes in docs/protocol.md). */
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
