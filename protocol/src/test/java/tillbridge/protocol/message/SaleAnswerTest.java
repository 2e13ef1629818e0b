package tillbridge.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An S2 is the answer to an S1 only if what it says agrees with the S1. */
class SaleAnswerTest {
    private static final Sale.Start SALE = new Sale.Start(Sale.SALE, "KASA-01", "R-1", 1251, 1251, 0, "PLN", 0, OptionalLong.empty());
    private static final Sale.Start WITH_CASHBACK = new Sale.Start(Sale.SALE, "KASA-01", "R-2", 4999, 4999, 0, "PLN", 5000, OptionalLong.empty());
    private static final Sale.Start CASHBACK_LIMIT = new Sale.Start(Sale.SALE, "KASA-01", "R-3", 4999, 4999, 0, "PLN", 0, OptionalLong.of(30000));
    private static final Sale.Start QUERY_WITHOUT_AMOUNTS = new Sale.Start(Sale.STATUS, "KASA-01", "R-1", 0, 0, 0, "XXX", 0, OptionalLong.empty());
    private static final Sale.Start QUERY_OF_SALE = new Sale.Start(Sale.STATUS, "KASA-01", "R-1", 1251, 1251, 0, "PLN", 0, OptionalLong.empty());
    private static final Sale.Start LAST = new Sale.Start(Sale.STATUS, "KASA-01", Sale.LAST, 0, 0, 0, "XXX", 0, OptionalLong.empty());

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("approval of the amount asked", SALE, s2(0, 1251, 0, "R-1", "KASA-01"), true),
                Arguments.of("approval naming nothing", SALE, s2(0, 1251, 0, "", ""), true),
                Arguments.of("approval without an amount", SALE, approvalWithoutAmount(), true),
                Arguments.of("approval of another amount", SALE, s2(0, 1200, 0, "", ""), false),
                Arguments.of("approval of nothing", SALE, s2(0, 0, 0, "", ""), false),
                Arguments.of("decline with amount 0", SALE, s2(51, 0, 0, "R-1", ""), true),
                Arguments.of("decline of another amount", SALE, s2(51, 1200, 0, "", ""), false),
                Arguments.of("another payment id", SALE, s2(0, 1251, 0, "R-0", ""), false),
                Arguments.of("another ECR id", SALE, s2(0, 1251, 0, "R-1", "KASA-02"), false),
                Arguments.of("frob's busy answer", SALE, Sale.End.of(Sale.End.BUSY, "busy"), true),
                Arguments.of("cashback asked and paid", WITH_CASHBACK, s2(0, 4999, 5000, "", ""), true),
                Arguments.of("cashback other than asked", WITH_CASHBACK, s2(0, 4999, 2000, "", ""), false),
                Arguments.of("cashback chosen within the limit", CASHBACK_LIMIT, s2(0, 4999, 20000, "", ""), true),
                Arguments.of("cashback over the limit", CASHBACK_LIMIT, s2(0, 4999, 40000, "", ""), false),
                Arguments.of("cashback paid when none was offered", SALE, s2(0, 1251, 100, "", ""), false),
                Arguments.of("status of an unknown amount", QUERY_WITHOUT_AMOUNTS, s2(0, 999, 0, "R-1", ""), true),
                Arguments.of("status of the sale's amount", QUERY_OF_SALE, s2(0, 1251, 0, "R-1", ""), true),
                Arguments.of("status of another amount", QUERY_OF_SALE, s2(0, 1200, 0, "R-1", ""), false),
                Arguments.of("status of another payment", QUERY_OF_SALE, s2(0, 1251, 0, "R-9", ""), false),
                Arguments.of("last transaction names its own payment id", LAST, s2(0, 500, 0, "R-7", "KASA-01"), true),
                Arguments.of("last transaction of another ECR", LAST, s2(0, 500, 0, "R-7", "KASA-02"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void anS2IsTheAnswerOnlyIfItAgreesWithItsRequest(String what, Sale.Start request, Sale.End answer, boolean matches) {
        assertThat(answer.mismatch(request).isEmpty()).as(answer.mismatch(request).orElse("matches")).isEqualTo(matches);
    }

    @org.junit.jupiter.api.Test
    void answeringNamesTheRequestWhereTheAnswerNamesNothing() {
        Sale.End named = s2(0, 1251, 0, "", "").answering(SALE);

        assertThat(named.paymentId()).isEqualTo("R-1");
        assertThat(named.ecrId()).isEqualTo("KASA-01");
        assertThat(s2(0, 500, 0, "R-7", "").answering(LAST).paymentId()).isEqualTo("R-7");
        assertThat(s2(0, 1251, 0, "R-0", "").answering(SALE).paymentId()).as("a wrong id is kept, to be caught").isEqualTo("R-0");
    }

    private static Sale.End approvalWithoutAmount() {
        return Sale.End.of(Sale.End.APPROVED, "");
    }

    private static Sale.End s2(int result, long amount, long cashback, String paymentId, String ecrId) {
        return new Sale.End(OptionalInt.of(result), "", "M1", "T1", "TX1", OptionalLong.of(amount), OptionalLong.of(cashback),
                "VISA", "", "", "", paymentId, ecrId);
    }
}
