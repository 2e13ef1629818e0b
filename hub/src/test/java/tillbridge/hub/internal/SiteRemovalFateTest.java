package tillbridge.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tillbridge.contract.JobState;
import tillbridge.hub.internal.SiteRemoval.Fate;

/** What deleting its site does to a job: the rule alone, every case. */
class SiteRemovalFateTest {
    @Test
    void finishedJobsAreKeptAsTheyEnded() {
        for (JobState s : new JobState[] {JobState.DONE, JobState.FAILED, JobState.UNKNOWN}) {
            for (boolean force : new boolean[] {false, true}) {
                assertThat(SiteRemoval.fate("payment", s, true, force)).isEqualTo(Fate.KEEP);
                assertThat(SiteRemoval.fate("print", s, true, force)).isEqualTo(Fate.KEEP);
            }
        }
    }

    @Test
    void aJobNeverHandedOutFailsWhateverItsType() {
        assertThat(SiteRemoval.fate("payment", JobState.QUEUED, false, false)).isEqualTo(Fate.FAIL);
        assertThat(SiteRemoval.fate("print", JobState.QUEUED, false, false)).isEqualTo(Fate.FAIL);
    }

    @Test
    void aPaymentTheAgentMayHaveBlocksTheDeletionUnlessForcedAndThenIsUnknown() {
        for (JobState s : new JobState[] {JobState.QUEUED, JobState.DELIVERED, JobState.ACCEPTED, JobState.RUNNING}) {
            assertThat(SiteRemoval.fate("payment", s, true, false)).as(s.wire()).isEqualTo(Fate.REFUSE);
            assertThat(SiteRemoval.fate("payment", s, true, true)).as(s.wire()).isEqualTo(Fate.UNKNOWN);
        }
    }

    @Test
    void aPrintTheAgentMayHaveIsUnknownWithoutForce() {
        assertThat(SiteRemoval.fate("print", JobState.RUNNING, true, false)).isEqualTo(Fate.UNKNOWN);
        assertThat(SiteRemoval.fate("print", JobState.QUEUED, true, false)).isEqualTo(Fate.UNKNOWN);
    }
}
