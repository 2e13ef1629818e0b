package tillbridge.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.hub.DbTarget;
import tillbridge.hub.TestClock;

/** When each API key was last used: noted in memory on each request, written in batches by the node's timer. */
class ApiKeyLastUseTest {
    @TempDir
    Path dir;
    Db db;
    final TestClock clock = TestClock.standingAt(Instant.parse("2026-01-01T00:00:00Z"));
    TenantStore.Created tenant;

    @BeforeEach
    void open() {
        db = Db.open(new DbTarget.H2File(dir), 2);
        tenant = new TenantStore(db, clock).create("venue-co");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Instant lastUsed(ApiKeyStore keys) {
        return keys.list(tenant.tenant().id()).getFirst().lastUsedAt();
    }

    @Test
    void aKeysLastUseIsWrittenInBatchesNotOnEachRequest() {
        ApiKeyStore keys = new ApiKeyStore(db, clock);
        Instant first = clock.instant();
        keys.tenantOf(tenant.apiKey());
        assertThat(lastUsed(keys)).as("no write per request").isNull();
        assertThat(keys.writeUse()).isEqualTo(1);
        assertThat(lastUsed(keys)).isEqualTo(first);

        clock.advance(Duration.ofSeconds(20));
        keys.tenantOf(tenant.apiKey());
        keys.tenantOf(tenant.apiKey());

        assertThat(lastUsed(keys)).isEqualTo(first);
        assertThat(keys.writeUse()).as("one write for both requests").isEqualTo(1);
        assertThat(lastUsed(keys)).isEqualTo(first.plusSeconds(20));
        assertThat(keys.writeUse()).as("not used since: nothing to write").isZero();
    }

    @Test
    void anOlderUseWrittenLateByAnotherNodeDoesNotMoveTheTimeBack() {
        ApiKeyStore nodeA = new ApiKeyStore(db, clock);
        ApiKeyStore nodeB = new ApiKeyStore(db, clock);
        Instant earlier = clock.instant();
        nodeB.tenantOf(tenant.apiKey());
        clock.advance(Duration.ofSeconds(30));
        nodeA.tenantOf(tenant.apiKey());

        nodeA.writeUse();
        nodeB.writeUse();

        assertThat(lastUsed(nodeA)).isEqualTo(earlier.plusSeconds(30));
    }

    @Test
    void anUnknownKeyIsNotRecorded() {
        ApiKeyStore keys = new ApiKeyStore(db, clock);
        keys.tenantOf("not-a-key");
        assertThat(keys.writeUse()).isZero();
    }
}
