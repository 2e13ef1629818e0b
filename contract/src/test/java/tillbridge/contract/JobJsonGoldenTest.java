package tillbridge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tillbridge.contract.JobEvent.Progress;
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
        check("event-state-recovered", settled);
        check("event-answer", new JobEvent.Answer("cancel", "cancel"));
    }

    /** Every kind of progress event the agent posts, each in its golden file. */
    static final Map<String, Progress> PROGRESS = Map.ofEntries(
            Map.entry("event-payment_started", new Progress.PaymentStarted("T1", "TB12345678", 1250, "PLN")),
            Map.entry("event-payment_sent", new Progress.PaymentSent("TB12345678")),
            Map.entry("event-terminal_status", new Progress.TerminalStatus(20, "waiting for the card", "INSERT CARD")),
            Map.entry("event-abort_sent", new Progress.AbortSent()),
            Map.entry("event-recovering", new Progress.Recovering("no S2 within 60 s", Optional.of("TB12345678"), OptionalInt.of(2))),
            Map.entry("event-waiting_for_terminal", new Progress.WaitingForTerminal("T1", "connection refused", 1, 500)),
            Map.entry("event-recovery_ended", new Progress.RecoveryEnded("TB12345678",
                    "no answer from terminal T1 within 86400 s; check the terminal")),
            Map.entry("event-prompt-cancel", new Progress.Prompt("cancel", Optional.empty(), "Answer 'cancel' to abort this payment",
                    List.of("cancel"), OptionalInt.empty(), OptionalInt.empty())),
            Map.entry("event-prompt-console", new Progress.Prompt("console-1", Optional.of("menu"), "Choose the account",
                    List.of("Cheque", "Savings", "cancel"), OptionalInt.empty(), OptionalInt.empty())),
            Map.entry("event-prompt-input", new Progress.Prompt("console-2", Optional.of("input"), "Room number", List.of("cancel"),
                    OptionalInt.of(1), OptionalInt.of(6))),
            Map.entry("event-console_claimed", new Progress.ConsoleClaimed()),
            Map.entry("event-console_ended", new Progress.ConsoleEnded("the terminal took its console back")),
            Map.entry("event-terminal_display", new Progress.TerminalDisplay("Zapłać kartą", 5)),
            Map.entry("event-terminal_sound", new Progress.TerminalSound(800, 200)),
            Map.entry("event-terminal_receipt", new Progress.TerminalReceipt("customer", "bar")),
            Map.entry("event-print_sending", new Progress.PrintSending("tickets")),
            Map.entry("event-printer_state", new Progress.PrinterStatus("tickets", JobEvent.PrinterCondition.STOPPED,
                    List.of("media-empty", "cover-open"))));

    @ParameterizedTest(name = "{0}")
    @MethodSource("progressGoldens")
    void progressEventsEncodeToTheirGoldenFilesAndBackAsPostedAndAsLogged(String file) throws IOException {
        Progress p = PROGRESS.get(file);
        check(file, p);
        assertThat(JobJson.progress(golden(file))).as(file + " as posted").isEqualTo(p);
    }

    static List<String> progressGoldens() {
        return PROGRESS.keySet().stream().sorted().toList();
    }

    @Test
    void everyKindTheAgentMayPostHasAGoldenFile() {
        assertThat(PROGRESS.values().stream().map(JobEvent::kind).distinct().sorted().toList()).isEqualTo(JobJson.progressKinds());
    }

    private static void check(String file, JobEvent e) throws IOException {
        assertThat(text(JobJson.encode(e))).as(file).isEqualTo(text(golden(file)));
        assertThat(JobJson.event(e.kind(), golden(file))).as(file).isEqualTo(e);
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
            ObjectNode body = JobJson.MAPPER.createObjectNode().put("type", kind);
            assertThatThrownBy(() -> JobJson.progress(body)).isInstanceOfSatisfying(InvalidField.class, e -> assertThat(e.field()).isEqualTo("type"))
                    .hasMessageContaining("reserved for the hub");
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "{'type':'terminal_chat','text':'hi'} | type | must be one of",
        "{'type':'Terminal_Status'} | type | must match",
        "{'type':'prompt','text':'t','answers':['cancel']} | prompt | is required",
        "{'type':'prompt','prompt':'p','text':'t','answers':'cancel'} | answers | an array of strings",
        "{'type':'prompt','prompt':'p','text':'t','answers':[1]} | answers | must be a string",
        "{'type':'prompt','prompt':'p','text':'t','answers':[],'max':1000} | max | must be 0..999",
        "{'type':'terminal_status','status':20,'text':'t'} | message | is required",
        "{'type':'terminal_status','status':20,'text':'t','message':'m','pan':'4111111111111111'} | pan | unknown field 'pan'",
        "{'type':'payment_started','terminal':'T 1','reference':'r','amount':1,'currency':'PLN'} | terminal | must match",
        "{'type':'payment_started','terminal':'T1','reference':'r','amount':0,'currency':'PLN'} | amount | must be 1..",
        "{'type':'waiting_for_terminal','terminal':'T1','reason':'r','attempt':0,'retry_in_ms':1} | attempt | must be 1..",
        "{'type':'terminal_receipt','title':'c','printer':'bar','outcome':'done'} | outcome | unknown field 'outcome'",
        "{'type':'printer_state','printer':'bar','state':'jammed','reasons':[]} | state | must be one of",
        "{'type':'print_sending'} | printer | is required",
        "{'type':'abort_sent','why':'x'} | why | unknown field 'why'",
    })
    void aBadProgressEventNamesItsField(String json, String field, String says) {
        assertThatThrownBy(() -> JobJson.progress(JobJson.MAPPER.readTree(json.replace('\'', '"'))))
                .isInstanceOfSatisfying(InvalidField.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining("'" + field + "'").hasMessageContaining(says);
    }

    @Test
    void anEventLoggedUnderAnotherKindThanItsTypeIsRefused() throws IOException {
        assertThatThrownBy(() -> JobJson.event("terminal_status", golden("event-payment_sent")))
                .isInstanceOfSatisfying(InvalidField.class, e -> assertThat(e.field()).isEqualTo("type"));
    }

    @Test
    void optionalRequestFieldsStayAbsentAndHaveDefaults() throws IOException {
        Print p = (Print) JobJson.request(JobJson.MAPPER.readTree("{\"type\":\"print\",\"content_type\":\"text/plain\",\"content\":\"aGk=\",\"encoding\":\"base64\"}"));
        assertThat(p.copiesOrDefault()).isEqualTo(1);
        assertThat(((Inline) p.source()).bytes()).containsExactly('h', 'i');
        assertThat(JobJson.encode(p).has("copies")).isFalse();
    }
}
