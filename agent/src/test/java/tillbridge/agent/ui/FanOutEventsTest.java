package tillbridge.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tillbridge.agent.AgentEvents;

class FanOutEventsTest {
    @Test
    void everyAgentEventReachesTheStatusPageNotOnlyTheLog() {
        // a method added to AgentEvents and not forwarded would be dropped silently by its no-op default
        for (Method m : AgentEvents.class.getDeclaredMethods()) {
            if (!m.isDefault()) continue;
            assertThat(Arrays.stream(FanOutEvents.class.getDeclaredMethods())
                    .anyMatch(f -> f.getName().equals(m.getName()) && Arrays.equals(f.getParameterTypes(), m.getParameterTypes())))
                    .as("FanOutEvents forwards %s", m.getName()).isTrue();
        }
    }
}
