package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;

/** The hub's stored things, as immutable records. */
public final class Model {
    private Model() {}

    public record Tenant(String id, String name) {}

    public record Site(String id, String tenantId, String name, Instant createdAt, String agentVersion,
                       JsonNode agentStatus, Instant registeredAt, Instant lastSeenAt) {}

    /** A job as stored. {@code request} is the submitted body; {@code result} is set when final. */
    public record Job(String id, String tenantId, String siteId, String type, JobState state, JsonNode request,
                      JsonNode result, String idempotencyKey, Instant createdAt, Instant updatedAt) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("id", id).put("site_id", siteId).put("type", type).put("state", state.wire());
            o.set("request", request);
            o.set("result", result);
            o.put("created_at", createdAt.toString()).put("updated_at", updatedAt.toString());
            return o;
        }
    }

    /** One entry of a job's event log (box-office SSE id = {@code seq}). */
    public record JobEvent(String jobId, long seq, String kind, JsonNode data, Instant at) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("job_id", jobId).put("seq", seq).put("kind", kind).put("at", at.toString());
            o.set("data", data);
            return o;
        }
    }

    /** Something handed to an agent: an SSE event ({@code id: seq}, {@code event: name}) or a poll entry. */
    public record Delivery(long seq, String event, ObjectNode data) {}

    public enum JobState {
        QUEUED, DELIVERED, ACCEPTED, RUNNING, DONE, FAILED, UNKNOWN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isFinal() {
            return this == DONE || this == FAILED || this == UNKNOWN;
        }

        /** Not yet acknowledged by the agent: re-sent after a reconnect. */
        public boolean unacknowledged() {
            return this == QUEUED || this == DELIVERED;
        }

        public static JobState ofWire(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }
}
