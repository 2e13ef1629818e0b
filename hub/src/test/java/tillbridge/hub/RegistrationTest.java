package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistrationTest extends SiteFixture {
    private TestHub.Res register(String code) throws Exception {
        return t.post("/agent/v1/register", null, TestHub.JSON.createObjectNode().put("code", code).put("agent_version", "agent 0.1"));
    }

    @Test
    void goodCodeGivesSiteIdAndTokenThatAuthenticates() throws Exception {
        String code = t.code(key, site);
        assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}");

        TestHub.Res r = register(code.toLowerCase().replace("-", " "));   // typed by a person

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("site_id").asText()).isEqualTo(site);
        String token = r.json().get("token").asText();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(t.post("/agent/v1/status", token, "{\"agent_version\":\"agent 0.1\"}").status()).isEqualTo(200);
        assertThat(t.get("/api/v1/sites/" + site, key).json().get("registered").asBoolean()).isTrue();
    }

    @Test
    void reusedCodeIs409() throws Exception {
        String code = t.code(key, site);
        assertThat(register(code).status()).isEqualTo(200);

        TestHub.Res again = register(code);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).contains("used already");
    }

    @Test
    void expiredCodeIs410WithClearMessage() throws Exception {
        String code = t.code(key, site);
        t.clock.advance(Duration.ofHours(24).plusSeconds(1));

        TestHub.Res r = register(code);

        assertThat(r.status()).isEqualTo(410);
        assertThat(r.error()).contains("expired").contains("ask the box office for a new one");
    }

    @Test
    void unknownOrMalformedCodeIs400() throws Exception {
        assertThat(register("AAAAA-AAAAA").status()).isEqualTo(400);
        TestHub.Res bad = register("not a code!");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).contains("10 characters");
    }

    @Test
    void wrongOrMissingTokenIs401() throws Exception {
        t.agent(key, site);
        assertThat(t.get("/agent/v1/poll?after=0", "x".repeat(43)).status()).isEqualTo(401);
        assertThat(t.get("/agent/v1/poll?after=0", null).status()).isEqualTo(401);
        SseClient s = t.stream("/agent/v1/stream", "wrong", null);
        assertThat(s.status()).isEqualTo(401);
        s.close();
        // an API key is not an agent token either
        assertThat(t.post("/agent/v1/status", key, "{}").status()).isEqualTo(401);
    }

    @Test
    void registeringAgainReplacesTheOldToken() throws Exception {
        String first = t.agent(key, site);
        String second = t.agent(key, site);
        assertThat(t.post("/agent/v1/status", first, "{}").status()).isEqualTo(401);
        assertThat(t.post("/agent/v1/status", second, "{}").status()).isEqualTo(200);
    }
}
