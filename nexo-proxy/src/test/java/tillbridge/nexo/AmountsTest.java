package tillbridge.nexo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tillbridge.nexo.model.NexoException;

class AmountsTest {
    @Test
    void minorUnitsBecomeDecimalsOfTheCurrency() {
        assertThat(Amounts.toDecimal(1250, "PLN")).isEqualByComparingTo("12.50").hasToString("12.50");
        assertThat(Amounts.toDecimal(5, "EUR")).hasToString("0.05");
        assertThat(Amounts.toDecimal(0, "EUR")).hasToString("0.00");
        assertThat(Amounts.toDecimal(1250, "JPY")).hasToString("1250");
        assertThat(Amounts.toDecimal(1250, "BHD")).hasToString("1.250");
        assertThat(Amounts.toDecimal(1250, "XYZ")).hasToString("12.50"); // unknown code: 2 decimals
    }

    @Test
    void decimalsBecomeMinorUnitsExactly() throws NexoException {
        assertThat(Amounts.toMinor(new BigDecimal("12.50"), "PLN")).isEqualTo(1250);
        assertThat(Amounts.toMinor(new BigDecimal("12.5"), "PLN")).isEqualTo(1250);
        assertThat(Amounts.toMinor(new BigDecimal("12.500"), "PLN")).isEqualTo(1250);
        assertThat(Amounts.toMinor(new BigDecimal("12"), "PLN")).isEqualTo(1200);
        assertThat(Amounts.toMinor(new BigDecimal("1E+3"), "PLN")).isEqualTo(100000);
        assertThat(Amounts.toMinor(new BigDecimal("1250"), "JPY")).isEqualTo(1250);
        assertThat(Amounts.toMinor(new BigDecimal("9999999999.99"), "EUR")).isEqualTo(Amounts.MAX_MINOR);
    }

    @Test
    void refusesWhatItCannotConvertExactly() {
        assertThatThrownBy(() -> Amounts.toMinor(new BigDecimal("12.505"), "PLN")).isInstanceOf(NexoException.class).hasMessageContaining("more than 2 decimals");
        assertThatThrownBy(() -> Amounts.toMinor(new BigDecimal("12.5"), "JPY")).isInstanceOf(NexoException.class).hasMessageContaining("more than 0 decimals");
        assertThatThrownBy(() -> Amounts.toMinor(new BigDecimal("-1.00"), "PLN")).isInstanceOf(NexoException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> Amounts.toMinor(new BigDecimal("10000000000.00"), "PLN")).isInstanceOf(NexoException.class).hasMessageContaining("12 digits");
        assertThatThrownBy(() -> Amounts.toMinor(new BigDecimal("1E+30"), "PLN")).isInstanceOf(NexoException.class);
    }

    @Test
    void roundTripsEveryAmount() throws NexoException {
        Random r = new Random(42);
        for (String currency : new String[] {"PLN", "EUR", "JPY", "BHD", "CLF"}) {
            for (int i = 0; i < 2000; i++) {
                long minor = i < 100 ? i : Math.floorMod(r.nextLong(), Amounts.MAX_MINOR + 1);
                assertThat(Amounts.toMinor(Amounts.toDecimal(minor, currency), currency)).as("%d %s", minor, currency).isEqualTo(minor);
            }
        }
    }
}
