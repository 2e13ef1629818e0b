package tillbridge.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Card numbers and keys must not reach logs: a log file is read by more people than the card data may be. */
class SensitiveDataTest {
    @Test
    void keyExchangeToStringHidesTheKekAndTheCheckValue() {
        String s = Samples.B3.toString();

        assertThat(s).doesNotContain(Samples.B3.kek()).doesNotContain(Samples.B3.kek().substring(0, 8)).doesNotContain("A1B2C3");
        assertThat(s).contains("16 bytes");
    }

    @Test
    void saleEndRejectsAnUnmaskedPan() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Sale.End(OptionalInt.of(0), "", "", "", "",
                        OptionalLong.empty(), OptionalLong.empty(), "", "", "4111111111111111", ""))
                .withMessageContaining("masked_pan")
                .withMessageNotContaining("4111111111111111");
    }

    @Test
    void saleEndAcceptsAMaskedOrEmptyPan() {
        assertThat(Samples.S2.maskedPan()).isEqualTo("411111******1111");
        assertThat(Sale.End.of(0, "OK").maskedPan()).isEmpty();
    }

    @Test
    void maskKeepsTheFirstSixAndLastFourDigits() {
        assertThat(Pan.mask("4111111111111111")).isEqualTo("411111******1111");
        assertThat(Pan.mask("4111 1111 1111 1111")).isEqualTo("411111******1111");
        assertThat(Pan.mask("5500-0000-0000-0004")).isEqualTo("550000******0004");
        assertThat(Pan.mask("6759649826438453123")).isEqualTo("675964*********3123");
    }

    @Test
    void maskHidesEverythingOfATooShortNumber() {
        assertThat(Pan.mask("123456789012")).isEqualTo("************");
    }

    @Test
    void maskAllHidesEveryCardNumberInFreeTextAndLeavesShorterNumbers() {
        String text = "card 4111111111111111 and 5500000000000004; ref 000123456789, amount 12345";

        assertThat(Pan.maskAll(text))
                .isEqualTo("card 411111******1111 and 550000******0004; ref 000123456789, amount 12345");
    }

    @Test
    void maskAllHidesCardNumbersPrintedInGroupsAndKeepsTheirShape() {
        String text = "PAN 4111 1111 1111 1111, or 5500-0000-0000-0004, or 3782 822463 10005";

        assertThat(Pan.maskAll(text)).isEqualTo("PAN 4111 11** **** 1111, or 5500-00**-****-0004, or 3782 82**** *0005");
    }

    @Test
    void maskAllLeavesDatesPhoneNumbersAndChainsLongerThanACardNumber() {
        String text = "2026-12-03 18:30, tel 22 123 45 67, serial 1234 5678 9012 3456 7890 1234";

        assertThat(Pan.maskAll(text)).isEqualTo(text);
    }

    @Test
    void isMaskedAllowsAtMostTenDigits() {
        assertThat(Pan.isMasked("411111******1111")).isTrue();
        assertThat(Pan.isMasked("")).isTrue();
        assertThat(Pan.isMasked("41111111111")).isFalse();
    }
}
