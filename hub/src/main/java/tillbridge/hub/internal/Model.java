package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobRequest;
import tillbridge.contract.JobState;

/** The hub's stored things, as immutable records. */
public final class Model {
    private Model() {}

    public record Tenant(String id, String name) {}

    public record Site(String id, String tenantId, String name, Instant createdAt, String agentVersion,
                       JsonNode agentStatus, Instant registeredAt, Instant lastSeenAt) {}

    /**
     * A job as stored. {@code result} is set when final, kept as the agent posted it (the agent's
     * codec wrote it; the hub checks only its state).
     */
    public record Job(String id, String tenantId, String siteId, JobState state, JobRequest request,
                      JsonNode result, String idempotencyKey, Instant createdAt, Instant updatedAt) {
        public String type() {
            return request.type();
        }

        public Job in(JobState s, JsonNode newResult, Instant at) {
            return new Job(id, tenantId, siteId, s, request, newResult, idempotencyKey, createdAt, at);
        }

        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("id", id).put("site_id", siteId).put("type", type()).put("state", state.wire());
            o.set("request", JobJson.encode(request));
            o.set("result", result);
            o.put("created_at", createdAt.toString()).put("updated_at", updatedAt.toString());
            return o;
        }
    }

    /** One entry of a job's event log (box-office SSE id = {@code seq}). */
    public record LoggedEvent(String jobId, long seq, JobEvent event, Instant at) {
        public String kind() {
            return event.kind();
        }

        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("job_id", jobId).put("seq", seq).put("kind", kind()).put("at", at.toString());
            o.set("data", JobJson.encode(event));
            return o;
        }
    }

    /** Something handed to an agent: an SSE event ({@code id: seq}, {@code event: name}) or a poll entry. */
    public record Delivery(long seq, String event, ObjectNode data) {}
}
