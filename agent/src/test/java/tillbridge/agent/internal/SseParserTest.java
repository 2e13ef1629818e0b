package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tillbridge.agent.internal.SseParser.Item;

class SseParserTest {
    // what the hub sends (docs/hub.md): a comment first, then jobs with ids, pings without
    static final String HUB = ": tillbridge hub: site s1, ping every 120 s\n\n"
            + "id: 7\nevent: job\ndata: {\"id\":\"job_a\",\"type\":\"payment\"}\n\n"
            + "event: ping\ndata: {\"at\":\"2025-01-01T00:00:00Z\"}\n\n"
            + "id: 8\nevent: answer\ndata: {\"job_id\":\"job_a\",\"prompt\":\"p1\",\"answer\":\"yes\"}\n\n";

    static final List<Item> EXPECTED = List.of(
            new Item.Comment("tillbridge hub: site s1, ping every 120 s"),
            new Item.Event("7", "job", "{\"id\":\"job_a\",\"type\":\"payment\"}"),
            new Item.Event(null, "ping", "{\"at\":\"2025-01-01T00:00:00Z\"}"),
            new Item.Event("8", "answer", "{\"job_id\":\"job_a\",\"prompt\":\"p1\",\"answer\":\"yes\"}"));

    private static List<Item> parse(SseParser p, byte[] bytes, int chunk) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunk) p.feed(bytes, i, Math.min(chunk, bytes.length - i), out::add);
        return out;
    }

    @Test
    void parsesTheHubsStreamInAnyChunking() {
        byte[] b = HUB.getBytes(StandardCharsets.UTF_8);
        assertThat(parse(new SseParser(1024), b, b.length)).isEqualTo(EXPECTED);
        assertThat(parse(new SseParser(1024), b, 1)).isEqualTo(EXPECTED);
        Random r = new Random(42);
        for (int i = 0; i < 50; i++) assertThat(parse(new SseParser(1024), b, 1 + r.nextInt(40))).isEqualTo(EXPECTED);
    }

    @Test
    void crLfAndCrLineEndsToo() {
        for (String eol : List.of("\r\n", "\r")) {
            byte[] b = HUB.replace("\n", eol).getBytes(StandardCharsets.UTF_8);
            assertThat(parse(new SseParser(1024), b, 1)).as("eol %s", eol.replace("\r", "CR").replace("\n", "LF")).isEqualTo(EXPECTED);
        }
    }

    @Test
    void multiLineDataJoinsWithLfAndNoSpaceAfterColonIsFine() {
        byte[] b = "data:a\ndata: b\nevent:x\nretry: 10\nunknown: z\n\n".getBytes(StandardCharsets.UTF_8);
        assertThat(parse(new SseParser(1024), b, 3)).containsExactly(new Item.Event(null, "x", "a\nb"));
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndDefaultsToMessage() {
        byte[] b = "id: 3\nevent: job\n\ndata: x\n\n".getBytes(StandardCharsets.UTF_8);
        assertThat(parse(new SseParser(1024), b, 5)).containsExactly(new Item.Event(null, "message", "x"));
    }

    @Test
    void anOversizedEventIsDroppedAndTheNextOneStillParses() {
        String big = "x".repeat(500);
        byte[] b = ("id: 1\ndata: " + big + "\n\nid: 2\nevent: job\ndata: ok\n\n").getBytes(StandardCharsets.UTF_8);
        SseParser p = new SseParser(100);
        assertThat(parse(p, b, 7)).containsExactly(new Item.Oversized(100), new Item.Event("2", "job", "ok"));
        byte[] manyLines = ("data: " + "y".repeat(60) + "\ndata: " + "y".repeat(60) + "\n\ndata: ok\n\n").getBytes(StandardCharsets.UTF_8);
        assertThat(parse(new SseParser(100), manyLines, 9)).containsExactly(new Item.Oversized(100), new Item.Event(null, "message", "ok"));
    }

    @Test
    void aPartialEventAtTheEndIsKept() {
        SseParser p = new SseParser(1024);
        List<Item> out = new ArrayList<>();
        byte[] a = "id: 9\nevent: job\ndata: {".getBytes(StandardCharsets.UTF_8);
        p.feed(a, 0, a.length, out::add);
        assertThat(out).isEmpty();
        byte[] rest = "}\n\n".getBytes(StandardCharsets.UTF_8);
        p.feed(rest, 0, rest.length, out::add);
        assertThat(out).containsExactly(new Item.Event("9", "job", "{}"));
    }
}
