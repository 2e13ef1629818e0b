package tillbridge.terminalsim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RulesTest {
    @ParameterizedTest(name = "gross {0} -> result {1}, slow {2}")
    @CsvSource({
        "12345,     0,  false",
        "1,         0,  false",
        "1251,      51, false",
        "51,        51, false",
        "1205,      5,  false",
        "1299,      0,  true",
        "1277,      0,  false",
        "100000000, 0,  false",
        "100000001, 61, false",
        "100000051, 61, false",
        "100000099, 61, false",
    })
    void decidesByTheGrossAmount(long gross, int result, boolean slow) {
        Rules.Decision d = Rules.decide(gross);
        assertThat(d.result()).isEqualTo(result);
        assertThat(d.slow()).isEqualTo(slow);
    }

    @org.junit.jupiter.api.Test
    void amountEndingIn77AsksForTheSignature() {
        assertThat(Rules.decide(1277).signature()).isTrue();
        assertThat(Rules.decide(1200).signature()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void helpListsEveryRule() {
        assertThat(Rules.describe()).hasSize(Rules.table().size()).allMatch(l -> l.contains("-> result"));
    }
}
