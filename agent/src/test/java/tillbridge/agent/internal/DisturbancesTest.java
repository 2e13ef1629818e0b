package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DisturbancesTest {
    private static final Set<String> LAN = Set.of("192.168.1.20");

    @Test
    void clocksRunningTogetherAreNoDisturbance() {
        Disturbances d = new Disturbances(1_000_000, 50, LAN);
        assertThat(d.look(1_002_000, 2_050, LAN)).isEmpty();
        assertThat(d.look(1_004_100, 4_000, LAN)).as("NTP nudging the wall clock by 150 ms").isEmpty();
    }

    @Test
    void theWallClockRunningAheadOfTheMonotonicOneIsASleep() {
        Disturbances d = new Disturbances(1_000_000, 50, LAN);
        assertThat(d.look(1_000_000 + 3_600_000, 2_050, LAN)).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo("the machine resumed after about 3598 s asleep"));
        assertThat(d.look(1_000_000 + 3_602_000, 4_050, LAN)).as("said once").isEmpty();
    }

    @Test
    void aWallClockSetBackIsNoSleep() {
        Disturbances d = new Disturbances(1_000_000, 50, LAN);
        assertThat(d.look(900_000, 2_050, LAN)).isEmpty();
    }

    @Test
    void otherAddressesAreANetworkChange() {
        Disturbances d = new Disturbances(0, 0, LAN);
        assertThat(d.look(1_000, 1_000, Set.of("10.0.0.7"))).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo("the network changed (addresses 192.168.1.20 -> 10.0.0.7)"));
        assertThat(d.look(2_000, 2_000, Set.of())).hasValue("the network changed (addresses 10.0.0.7 -> none)");
        assertThat(d.look(3_000, 3_000, Set.of())).isEmpty();
    }
}
