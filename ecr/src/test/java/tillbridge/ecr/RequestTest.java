package tillbridge.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.Sale;
import tillbridge.protocol.message.Versions;

class RequestTest {
    @Test
    void aRequestWaitsForTheAnswerThePacketTableNames() {
        assertThat(new Request<>(new CommTest.Query(), CommTest.Answer.class).answer()).isEqualTo(PacketType.T2);
        assertThat(new Request<>(new Versions.Inquiry(), Versions.Proposal.class).answer()).isEqualTo(PacketType.T4);
        assertThat(new Request<>(new App.Start(), App.Ack.class).answer()).isEqualTo(PacketType.A2);
    }

    @Test
    void aPairTheTableDoesNotNameIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> new Request<>(new CommTest.Query(), Versions.Proposal.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("T1 → T2");
        assertThatThrownBy(() -> new Request<>(new Sale.Abort(), Sale.End.class))
                .as("P1 has no answer: the S2 answers the S1").isInstanceOf(IllegalArgumentException.class);
    }
}
