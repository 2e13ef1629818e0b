package tillbridge.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Where the hub connection hands what arrives: jobs (journaled before this returns) and prompt answers. */
public interface JobSink {
    /** A {@code job} event; throws when it could not be journaled (it is then not acknowledged). */
    void offer(JsonNode job, long eventId) throws IOException;

    /** An {@code answer} event. */
    void answer(JsonNode answer);
}
