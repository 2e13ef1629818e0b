package tillbridge.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tillbridge.bench.chaos.Verdict.Finding;

class VerdictTest {
    private static Verdict.Job job(String state) {
        return new Verdict.Job("job_1", "TBREF", 1200, Amounts.Kind.APPROVED, state);
    }

    private static Terminal terminal(int sales, Long charged) {
        return new Terminal(sales == 0 ? Map.of() : Map.of("TBREF", sales), charged == null ? Map.of() : Map.of("TBREF", charged));
    }

    @Test
    void aDoneJobTheTerminalChargedOnceForItsAmountPasses() {
        assertThat(Verdict.judge(job("done"), terminal(1, 1200L))).containsExactly(Finding.OK);
        assertThat(Verdict.judge(job("failed"), terminal(1, null))).containsExactly(Finding.OK);
        assertThat(Verdict.judge(job("failed"), terminal(0, null))).containsExactly(Finding.OK);
    }

    @Test
    void aSecondSaleS1ForOnePaymentIsADuplicateWhateverTheJobSays() {
        assertThat(Verdict.judge(job("done"), terminal(2, 1200L))).containsExactly(Finding.DUPLICATE);
    }

    @Test
    void aFailedJobTheTerminalChargedIsLost() {
        assertThat(Verdict.judge(job("failed"), terminal(1, 1200L))).containsExactly(Finding.LOST);
    }

    @Test
    void aDoneJobNotChargedOrChargedAnotherAmountIsWrong() {
        assertThat(Verdict.judge(job("done"), terminal(1, null))).containsExactly(Finding.WRONG);
        assertThat(Verdict.judge(job("done"), terminal(1, 1300L))).containsExactly(Finding.WRONG);
    }

    @Test
    void aJobNotFinalIsStuckAndAnUnknownOneIsCountedNotFailed() {
        assertThat(Verdict.judge(job("running"), terminal(1, null))).containsExactly(Finding.STUCK);
        Verdict v = new Verdict(List.of(job("unknown")), terminal(1, 1200L));
        assertThat(v.passed()).isTrue();
        assertThat(v.line(3)).isEqualTo("chaos: 1 jobs, 3 kills, 0 duplicates, 0 lost, 0 stuck, 1 unknown, 0 wrong");
    }

    @Test
    void theTerminalJournalsLastLineWinsAndACutLineIsSkipped() {
        Map<String, Long> charged = Terminal.charged(List.of(
                "{\"payment_id\":\"A\",\"s2\":{\"result\":\"0\",\"amount\":\"1200\"}}",
                "{\"payment_id\":\"B\",\"s2\":{\"result\":\"0\",\"amount\":\"500\"}}",
                "{\"payment_id\":\"B\",\"s2\":{\"result\":\"17\",\"amount\":\"0\"}}",
                "{\"payment_id\":\"C\",\"s2\":{\"res"));
        assertThat(charged).containsExactly(Map.entry("A", 1200L));
    }
}
