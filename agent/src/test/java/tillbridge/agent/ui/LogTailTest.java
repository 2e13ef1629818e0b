package tillbridge.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTailTest {
    @Test
    void aCardNumberInALineIsMaskedBeforeItIsKept() {
        LogTail.add("payment by 4111111111111111 approved");
        assertThat(LogTail.lines()).last().isEqualTo("payment by 411111******1111 approved");
    }

    @Test
    void onlyTheLatestLinesAreKeptEachCutToItsMaximum() {
        for (int i = 0; i < LogTail.LINES + 5; i++) LogTail.add("line " + i);
        LogTail.add("x".repeat(LogTail.LINE_MAX + 10));
        assertThat(LogTail.lines()).hasSize(LogTail.LINES).doesNotContain("line 5");
        assertThat(LogTail.lines().getLast()).hasSize(LogTail.LINE_MAX + 1).endsWith("…");
    }
}
