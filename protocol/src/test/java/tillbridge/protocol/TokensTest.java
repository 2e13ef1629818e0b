package tillbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void eachNewSessionStartsAtAnotherPointOfItsRange() {
        Set<Integer> firsts = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int ecr = Integer.parseInt(Tokens.forEcr().next(), 16);
            int eft = Integer.parseInt(Tokens.forEft().next(), 16);
            assertThat(ecr).isBetween(0x2710, 0x4E1F);
            assertThat(eft).isBetween(0x4E20, 0x752F);
            firsts.add(ecr);
        }
        assertThat(firsts).as("a restarted ECR must not begin with the tokens of the last session").hasSizeGreaterThan(40);
    }

    @Test
    void tokensWrapInsideTheirRange() {
        Tokens t = new Tokens(0x10, 0x11);

        assertThat(t.next()).isEqualTo("10");
        assertThat(t.next()).isEqualTo("11");
        assertThat(t.next()).isEqualTo("10");
    }
}
