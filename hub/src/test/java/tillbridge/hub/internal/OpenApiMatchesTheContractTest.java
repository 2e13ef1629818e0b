package tillbridge.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tillbridge.contract.Amounts;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobEvent.Progress;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobRequest;
import tillbridge.contract.JobResult;
import tillbridge.contract.JobState;
import tillbridge.contract.Outcome;

/**
 * The served OpenAPI document says what the hub does: its paths are the router's routes, and its
 * job schemas have the contract codec's fields, limits and states.
 */
class OpenApiMatchesTheContractTest {
    /** Answered by the handler itself, before routing (docs/operations.md, metrics). */
    static final Set<String> OUTSIDE_THE_ROUTER = Set.of("GET /metrics");
    static JsonNode doc;

    @BeforeAll
    static void read() throws Exception {
        try (InputStream in = OpenApiMatchesTheContractTest.class.getResourceAsStream("/openapi.json")) {
            doc = Json.MAPPER.readTree(in);
        }
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedPathIsRouted() {
        Router r = new Router();
        new BoxOfficeApi(null, null, null, null, null, null, null, null).routes(r);
        new AgentApi(null, null, null, null, null, null, null, null, null, null, null).routes(r);
        new Health("node", null, Optional.empty(), null).routes(r);
        Set<String> routed = new TreeSet<>(r.routes());
        routed.addAll(OUTSIDE_THE_ROUTER);

        Set<String> documented = new TreeSet<>();
        doc.path("paths").properties().forEach(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (Set.of("get", "post", "put", "patch", "delete").contains(m)) documented.add(m.toUpperCase() + " " + p.getKey());
        }));

        assertThat(documented).as("documented = routed").isEqualTo(routed);
    }

    @Test
    void jobRequestSchemasHaveTheCodecsFieldsAndLimits() {
        var payment = new JobRequest.Payment(1, "PLN", "r", Optional.of("T1"));
        check("PaymentRequest", JobJson.encode(payment), JobJson.encode(new JobRequest.Payment(1, "PLN", "r", Optional.empty())));
        var inline = new JobRequest.Inline("text/plain", "x", Optional.of(JobRequest.Encoding.TEXT));
        check("PrintRequest", JobJson.encode(new JobRequest.Print(inline, Optional.of("p"), OptionalInt.of(1), Optional.of("job_1"))),
                JobJson.encode(new JobRequest.Print(new JobRequest.Inline("text/plain", "x", Optional.empty()), Optional.empty(),
                        OptionalInt.empty(), Optional.empty())));
        var stored = new JobRequest.Stored("doc_1");
        check("PrintDocumentRequest", JobJson.encode(new JobRequest.Print(stored, Optional.of("p"), OptionalInt.of(1), Optional.of("job_1"))),
                JobJson.encode(new JobRequest.Print(stored, Optional.empty(), OptionalInt.empty(), Optional.empty())));

        JsonNode amount = schema("PaymentRequest").path("properties").path("amount");
        assertThat(amount.path("minimum").asLong()).isEqualTo(Amounts.MIN_MINOR);
        assertThat(amount.path("maximum").asLong()).as("the one amount limit").isEqualTo(Amounts.MAX_MINOR);
        assertThat(texts(schema("PrintRequest").path("properties").path("encoding").path("enum")))
                .isEqualTo(names(Arrays.stream(JobRequest.Encoding.values()).map(JobRequest.Encoding::wire).toArray(String[]::new)));
    }

    /** Each kind of progress event: one written with every field, one with only the required ones. */
    static final List<List<JobEvent.Progress>> PROGRESS = List.of(
            List.of(new Progress.PaymentStarted("T1", "r", 1, "PLN")),
            List.of(new Progress.PaymentSent("r")),
            List.of(new Progress.TerminalStatus(20, "t", "m")),
            List.of(new Progress.AbortSent()),
            List.of(new Progress.Recovering("why", Optional.of("r"), OptionalInt.of(1)), new Progress.Recovering("why", Optional.empty(), OptionalInt.empty())),
            List.of(new Progress.WaitingForTerminal("T1", "why", 1, 500)),
            List.of(new Progress.RecoveryEnded("r", "why")),
            List.of(new Progress.Prompt("p", Optional.of("input"), "t", List.of(), OptionalInt.of(1), OptionalInt.of(2)),
                    new Progress.Prompt("p", Optional.empty(), "t", List.of(), OptionalInt.empty(), OptionalInt.empty())),
            List.of(new Progress.ConsoleClaimed()),
            List.of(new Progress.ConsoleEnded("why")),
            List.of(new Progress.TerminalDisplay("t", 1)),
            List.of(new Progress.TerminalSound(800, 200)),
            List.of(new Progress.TerminalReceipt("customer", "bar")),
            List.of(new Progress.PrintSending("bar")),
            List.of(new Progress.PrinterStatus("bar", JobEvent.PrinterCondition.IDLE, List.of())));

    @Test
    void everyProgressEventAnAgentMayPostHasASchemaWithTheCodecsFields() {
        assertThat(PROGRESS.stream().map(p -> p.getFirst().kind()).sorted().toList()).isEqualTo(JobJson.progressKinds());
        Set<String> documented = new TreeSet<>();
        for (JsonNode ref : schema("ProgressEvent").path("oneOf")) {
            JsonNode s = schema(ref.path("$ref").asText().replace("#/components/schemas/", ""));
            documented.add(s.path("properties").path("type").path("const").asText());
        }
        assertThat(documented).as("ProgressEvent's schemas, by type").isEqualTo(new TreeSet<>(JobJson.progressKinds()));
        for (List<JobEvent.Progress> p : PROGRESS) {
            String name = doc.path("components").path("schemas").properties().stream()
                    .filter(e -> e.getValue().path("properties").path("type").path("const").asText().equals(p.getFirst().kind()))
                    .map(java.util.Map.Entry::getKey).findFirst().orElseThrow();
            check(name, JobJson.encode(p.getFirst()), JobJson.encode(p.getLast()));
        }
        JsonNode posted = doc.at("/paths/~1agent~1v1~1jobs~1{job}~1events/post/requestBody/content/application~1json/schema/$ref");
        assertThat(posted.asText()).isEqualTo("#/components/schemas/ProgressEvent");
    }

    /** {@code full} has every field the codec writes, {@code least} only the required ones. */
    private static void check(String name, JsonNode full, JsonNode least) {
        JsonNode s = schema(name);
        assertThat(s.path("additionalProperties").asBoolean(true)).as(name + " refuses unknown fields, as the codec does").isFalse();
        assertThat(names(s.path("properties").fieldNames())).as(name + " properties").isEqualTo(names(full.fieldNames()));
        assertThat(texts(s.path("required"))).as(name + " required").isEqualTo(names(least.fieldNames()));
        assertThat(s.path("properties").path("type").path("const").asText()).isEqualTo(full.path("type").asText());
    }

    @Test
    void jobStatesAndTypesAreTheContracts() {
        JsonNode job = schema("Job").path("properties");
        assertThat(texts(job.path("state").path("enum")))
                .isEqualTo(names(Arrays.stream(JobState.values()).map(JobState::wire).toArray(String[]::new)));
        assertThat(texts(job.path("type").path("enum"))).isEqualTo(names(JobRequest.Payment.TYPE, JobRequest.Print.TYPE));
    }

    @Test
    void thePostedResultHasTheCodecsFieldsAndFinalStates() {
        JsonNode body = doc.at("/paths/~1agent~1v1~1jobs~1{job}~1result/post/requestBody/content/application~1json/schema");
        Set<String> fields = names(JobJson.posted(JobResult.of(Outcome.DONE, "m")).fieldNames());
        fields.add("recovered");
        assertThat(names(body.path("properties").fieldNames())).isEqualTo(fields);
        assertThat(texts(body.path("properties").path("state").path("enum"))).isEqualTo(names(
                Arrays.stream(JobState.values()).filter(JobState::isFinal).map(JobState::wire).toArray(String[]::new)));
    }

    private static JsonNode schema(String name) {
        JsonNode s = doc.path("components").path("schemas").path(name);
        assertThat(s.isObject()).as("schema " + name).isTrue();
        return s;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static Set<String> names(java.util.Iterator<String> it) {
        Set<String> out = new TreeSet<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static Set<String> names(String... s) {
        return new TreeSet<>(Arrays.asList(s));
    }
}
