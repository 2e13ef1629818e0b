package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tillbridge.agent.internal.JobRecord.Stage;
import tillbridge.agent.internal.Recovery.Action;
import tillbridge.agent.print.Document;
import tillbridge.agent.print.PrintOutcome;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobRequest;
import tillbridge.contract.JobResult;

/** The pure rules for print jobs: what a restart does with them, and how their results read. */
class PrintRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPrintJobStoppedWhileSendingAsksThePrinterAndOneNeverStartedRuns() {
        assertThat(Recovery.decide(job(Stage.PRINT_SENDING, JSON.createObjectNode()))).isEqualTo(Action.ASK_PRINTER);
        assertThat(Recovery.decide(job(Stage.RECEIVED, JSON.createObjectNode()))).isEqualTo(Action.RUN);
    }

    @Test
    void aRawPrinterIsNeverSentTheJobAgainAfterACrash() {
        assertThat(Recovery.afterPrintCrash(false, Optional.empty()))
                .contains(new PrintOutcome.Unknown("the agent stopped while sending to a raw printer; check the printout before reprinting"));
    }

    @Test
    void anIppPrinterWithoutTheJobGetsItAgain() {
        assertThat(Recovery.afterPrintCrash(true, Optional.empty())).isEmpty();
    }

    @Test
    void anIppJobCompletedIsDoneAndAnyOtherStateIsUnknown() {
        PrintOutcome.Done done = new PrintOutcome.Done("job 3 completed on p");
        assertThat(Recovery.afterPrintCrash(true, Optional.of(done))).contains(done);
        assertThat(Recovery.afterPrintCrash(true, Optional.of(new PrintOutcome.Unknown("job 3 is still processing on p"))).orElseThrow())
                .isInstanceOf(PrintOutcome.Unknown.class).extracting(PrintOutcome::reason).asString().contains("still processing");
        assertThat(Recovery.afterPrintCrash(true, Optional.of(new PrintOutcome.Failed("job 3 aborted on p"))).orElseThrow())
                .isInstanceOf(PrintOutcome.Unknown.class).extracting(PrintOutcome::reason).asString().contains("aborted");
    }

    @Test
    void eachOutcomeBecomesTheJobStateWithItsReasonAndPrinter() {
        JobResult failed = Prints.result(new PrintOutcome.Failed("out of paper"), "bar");
        assertThat(failed.state().wire()).isEqualTo("failed");
        assertThat(JobJson.encode(failed).toString()).isEqualTo("{\"outcome\":\"failed\",\"message\":\"out of paper\",\"printer\":\"bar\"}");
        assertThat(Prints.result(new PrintOutcome.Done("printed"), "bar").state().wire()).isEqualTo("done");
        assertThat(Prints.result(new PrintOutcome.Unknown("may have printed"), "bar").state().wire()).isEqualTo("unknown");
        assertThat(Prints.result(new PrintOutcome.Failed("no printer"), null).printer()).isEmpty();
    }

    @Test
    void textAndBase64ContentAreDecodedAndAnUnknownTypeIsARejectedFormat() {
        ObjectNode text = JSON.createObjectNode().put("content_type", "text/plain").put("content", "Bilet 1").put("encoding", "text").put("copies", 2);
        assertThat(Prints.job("job_1", print(text)).document().text()).isEqualTo("Bilet 1");
        assertThat(Prints.job("job_1", print(text)).copies()).isEqualTo(2);
        ObjectNode b64 = JSON.createObjectNode().put("content_type", "application/pdf").put("content", "JVBERi0=").put("encoding", "base64");
        assertThat(Prints.job("job_1", print(b64)).document().kind()).isEqualTo(Document.Kind.PDF);
        ObjectNode png = JSON.createObjectNode().put("content_type", "image/png").put("content", "x").put("encoding", "text");
        assertThatThrownBy(() -> Prints.job("job_1", print(png))).hasMessageStartingWith("rejected format: content type 'image/png'");
    }

    private static JobRequest.Print print(ObjectNode request) {
        return (JobRequest.Print) JobJson.request(request.put("type", "print"));
    }

    private static JobRecord job(Stage s, ObjectNode request) {
        return new JobRecord("job_1", "print", request, s, Optional.empty(), Optional.empty(), Optional.empty(), Instant.EPOCH);
    }
}
