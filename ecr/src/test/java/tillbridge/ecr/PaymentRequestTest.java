package tillbridge.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PaymentRequestTest {
    @Test
    void defaults() {
        PaymentRequest r = PaymentRequest.of(1250, "PLN");
        assertThat(r.net()).isEqualTo(1250);
        assertThat(r.vat()).isZero();
        assertThat(r.cashback()).isZero();
        assertThat(r.maxCashback()).isEmpty();
        assertThat(r.ecrId()).isEqualTo(PaymentRequest.DEFAULT_ECR_ID);
        assertThat(r.reference()).hasSize(20).matches("[0-9A-Z]{20}");
    }

    @Test
    void referencesAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) assertThat(seen.add(PaymentRequest.newReference())).isTrue();
    }

    @Test
    void withers() {
        PaymentRequest r = PaymentRequest.of(4999, "PLN").withCashback(5000).withMaxCashback(30000).withEcrId("KASA-01")
                .withReference("PAR/2024/000124").withVat(4064, 935);
        assertThat(r).isEqualTo(new PaymentRequest(4999, "PLN", 5000, OptionalLong.of(30000), "KASA-01", "PAR/2024/000124", 4064, 935));
    }

    @Test
    void rejectsBadValuesWithClearMessages() {
        assertThatThrownBy(() -> PaymentRequest.of(0, "PLN")).hasMessageContaining("amount must be");
        assertThatThrownBy(() -> PaymentRequest.of(-1, "PLN")).hasMessageContaining("was -1");
        assertThatThrownBy(() -> PaymentRequest.of(1_000_000_000_000L, "PLN")).hasMessageContaining("999999999999");
        assertThatThrownBy(() -> PaymentRequest.of(100, "pln")).hasMessageContaining("ISO 4217");
        assertThatThrownBy(() -> PaymentRequest.of(100, "PLN").withCashback(-5)).hasMessageContaining("cashback");
        assertThatThrownBy(() -> PaymentRequest.of(100, "PLN").withMaxCashback(100).withCashback(200)).hasMessageContaining("above the max cashback");
        assertThatThrownBy(() -> PaymentRequest.of(100, "PLN").withReference("")).hasMessageContaining("payment reference must be 1-20");
        assertThatThrownBy(() -> PaymentRequest.of(100, "PLN").withReference("x".repeat(21))).hasMessageContaining("1-20");
        assertThatThrownBy(() -> PaymentRequest.of(100, "PLN").withEcrId("KASA\u00f3")).hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> PaymentRequest.of(100, "PLN").withVat(90, 5)).hasMessageContaining("net + VAT must equal the amount");
    }
}
