package tillbridge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tillbridge.contract.JobRequest.Encoding;
import tillbridge.contract.JobRequest.Inline;
import tillbridge.contract.JobRequest.Payment;
import tillbridge.contract.JobRequest.Print;
import tillbridge.contract.JobRequest.Stored;
import tillbridge.contract.JobResult.Authorisation;
import tillbridge.contract.JobResult.Receipt;

/** Each value encodes to its golden file and the file decodes to the value; bad documents name the bad field. */
class JobJsonGoldenTest {
    static final Payment PAYMENT = new Payment(1250, "PLN", "order-77", Optional.of("T1"));
    static final Print PRINT_INLINE = new Print(new Inline("text/plain", "Row 4 seat 12\nThank you", Optional.of(Encoding.TEXT)),
            Optional.of("bar"), OptionalInt.of(2), Optional.empty());
    static final Print PRINT_DOCUMENT = new Print(new Stored("doc_5f0c"), Optional.of("tickets"), OptionalInt.of(1), Optional.of("job_abc"));
    static final JobResult APPROVED = JobResult.of(Outcome.APPROVED, "approved").withReference("TB12345678").withTerminal("T1")
            .withRecovered(false)
            .withAuthorisation(new Authorisation(OptionalInt.of(0), Optional.of("123456"), Optional.of("************1234"),
                    Optional.of("contactless"), Optional.of("T0000001"), Optional.of("M01"), Optional.of("77"), Optional.of("APPROVED"),
                    OptionalLong.of(1250), OptionalLong.of(0)))
            .withReceipts(List.of(new Receipt("customer", "PAID 12.50 PLN\nThank you")));
    static final JobResult PRINT_UNKNOWN = JobResult.of(Outcome.UNKNOWN,
            "the agent stopped while sending; check the printout before reprinting").withPrinter("bar");
    static final JobResult DECLINED = JobResult.of(Outcome.DECLINED, "insufficient funds").withReference("TB1").withTerminal("T1")
            .withRecovered(false).withAuthorisation(new Authorisation(OptionalInt.of(51), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty()));

    static JsonNode golden(String name) throws IOException {
        try (InputStream in = JobJsonGoldenTest.class.getResourceAsStream("/golden/" + name + ".json")) {
            assertThat(in).as(name).isNotNull();
            return JobJson.MAPPER.readTree(in);
        }
    }

    /** Compact JSON text: field order counts, number node types (int, long) do not. */
    static String text(JsonNode n) throws IOException {
        return JobJson.MAPPER.writeValueAsString(n);
    }

    @Test
    void requestsEncodeToTheirGoldenFilesAndBack() throws IOException {
        check("request-payment", PAYMENT);
        check("request-print-inline", PRINT_INLINE);
        check("request-print-document", PRINT_DOCUMENT);
    }

    private static void check(String file, JobRequest r) throws IOException {
        assertThat(text(JobJson.encode(r))).as(file).isEqualTo(text(golden(file)));
        assertThat(JobJson.request(golden(file))).as(file).isEqualTo(r);
    }

    @Test
    void resultsEncodeToTheirGoldenFilesAndBack() throws IOException {
        for (var c : List.of(new Object[] {"result-payment-approved", APPROVED}, new Object[] {"result-print-unknown", PRINT_UNKNOWN})) {
            JobResult r = (JobResult) c[1];
            assertThat(text(JobJson.encode(r))).as((String) c[0]).isEqualTo(text(golden((String) c[0])));
            assertThat(JobJson.result(golden((String) c[0]))).as((String) c[0]).isEqualTo(r);
        }
        assertThat(APPROVED.state()).isEqualTo(JobState.DONE);
        assertThat(PRINT_UNKNOWN.state()).isEqualTo(JobState.UNKNOWN);
    }

    @Test
    void aPostedResultCarriesTheStateItsOutcomeEndsIn() throws IOException {
        assertThat(text(JobJson.posted(DECLINED))).isEqualTo(text(golden("posted-declined")));
        JobJson.Posted p = JobJson.posted(golden("posted-declined"));
        assertThat(p.state()).isEqualTo(JobState.FAILED);
        assertThat(p.recovered()).isFalse();
        assertThat(JobJson.result(p.result())).isEqualTo(DECLINED);
    }

    @Test
    void eventsEncodeToTheirGoldenFilesAndBack() throws IOException {
        JobEvent settled = new JobEvent.State(JobState.DONE, Optional.of(JobJson.encode(JobResult.of(Outcome.APPROVED, "approved"))),
                Optional.of(JobState.UNKNOWN));
        JobEvent answer = new JobEvent.Answer("cancel", "cancel");
        JobEvent progress = JobJson.progress(golden("event-progress"));
        for (var c : List.of(new Object[] {"event-state-recovered", settled}, new Object[] {"event-answer", answer},
                new Object[] {"event-progress", progress})) {
            JobEvent e = (JobEvent) c[1];
            assertThat(text(JobJson.encode(e))).as((String) c[0]).isEqualTo(text(golden((String) c[0])));
            assertThat(JobJson.event(e.kind(), golden((String) c[0]))).as((String) c[0]).isEqualTo(e);
        }
        assertThat(progress.kind()).isEqualTo("terminal_status");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "{'type':'payment','amount':1,'currency':'PLN','reference':'r','colour':'red'} | colour | unknown field 'colour'",
        "{'type':'payment','amount':100000000000,'currency':'PLN','reference':'r'} | amount | must be 1..99999999999",
        "{'type':'payment','amount':'12','currency':'PLN','reference':'r'} | amount | must be an integer",
        "{'type':'payment','amount':1,'currency':'XXX','reference':'r'} | currency | active ISO 4217",
        "{'type':'payment','amount':1,'currency':'PLN'} | reference | is required",
        "{'type':'payment','amount':1,'currency':'PLN','reference':'a\\nb'} | reference | control character U+000A",
        "{'type':'payment','amount':1,'currency':'PLN','reference':'r','terminal':'no spaces'} | terminal | must match",
        "{'type':'refund'} | type | must be 'payment' or 'print'",
        "{'type':'print','content_type':'text/plain','content':'x','encoding':'gzip'} | encoding | 'text' or 'base64'",
        "{'type':'print','content_type':'text/plain','content':'!!','encoding':'base64'} | content | not valid base64",
        "{'type':'print','document':'doc_1','content':'x'} | content | does not go with 'document'",
        "{'type':'print','document':'doc_1','copies':100} | copies | must be 1..99",
    })
    void aBadRequestNamesItsField(String json, String field, String says) {
        assertThatThrownBy(() -> JobJson.request(JobJson.MAPPER.readTree(json.replace('\'', '"'))))
                .isInstanceOfSatisfying(InvalidField.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining("'" + field + "'").hasMessageContaining(says);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "{'outcome':'approved','message':'m','pan':'4111'} | pan | unknown field 'pan'",
        "{'outcome':'paid','message':'m'} | outcome | must be one of",
        "{'outcome':'approved'} | message | is required",
        "{'outcome':'approved','message':'m','recovered':'yes'} | recovered | must be true or false",
        "{'outcome':'approved','message':'m','amount':-1} | amount | must be 0..",
        "{'outcome':'approved','message':'m','receipts':{}} | receipts | must be an array",
    })
    void aBadResultNamesItsField(String json, String field, String says) {
        assertThatThrownBy(() -> JobJson.result(JobJson.MAPPER.readTree(json.replace('\'', '"'))))
                .isInstanceOfSatisfying(InvalidField.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining("'" + field + "'").hasMessageContaining(says);
    }

    @Test
    void anAgentCannotPostTheHubsOwnEventKinds() {
        for (String kind : JobJson.HUB_KINDS) {
            ObjectNode body = JobJson.progress(kind);
            assertThatThrownBy(() -> JobJson.progress(body)).isInstanceOf(InvalidField.class).hasMessageContaining("reserved for the hub");
        }
        assertThatThrownBy(() -> JobJson.progress(JobJson.progress("prompt"))).isInstanceOfSatisfying(InvalidField.class,
                e -> assertThat(e.field()).isEqualTo("prompt"));
    }

    @Test
    void optionalRequestFieldsStayAbsentAndHaveDefaults() throws IOException {
        Print p = (Print) JobJson.request(JobJson.MAPPER.readTree("{\"type\":\"print\",\"content_type\":\"text/plain\",\"content\":\"aGk=\",\"encoding\":\"base64\"}"));
        assertThat(p.copiesOrDefault()).isEqualTo(1);
        assertThat(((Inline) p.source()).bytes()).containsExactly('h', 'i');
        assertThat(JobJson.encode(p).has("copies")).isFalse();
    }
}
