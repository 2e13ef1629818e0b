package tillbridge.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.contract.JobRequest;
import tillbridge.hub.DbTarget;
import tillbridge.hub.internal.Model.Delivery;

/** The two-step hand-over: claimed, then delivered once flushed or released when the write failed. */
class DeliveryStoreTest {
    @TempDir
    Path dir;
    Db db;
    final List<String> sitesWoken = new ArrayList<>();
    DeliveryStore deliveries;
    JobStore jobs;
    String tenant;
    String site;
    String token;
    long connection;

    @BeforeEach
    void open() {
        db = Db.open(new DbTarget.H2File(dir), 2);
        Clock clock = Clock.systemUTC();
        Signals signals = new Signals() {
            @Override
            public void siteChanged(String siteId) {
                sitesWoken.add(siteId);
            }

            @Override
            public void jobChanged(String jobId) {}

            @Override
            public void siteConnected(String siteId, long connection) {}
        };
        deliveries = new DeliveryStore(db, clock, signals);
        jobs = new JobStore(db, clock, Signals.NONE);
        tenant = new TenantStore(db, clock).create("t").tenant().id();
        SiteStore sites = new SiteStore(db, clock);
        site = sites.create(tenant, "s").id();
        token = sites.register(sites.newCode(site, Duration.ofMinutes(5)), "test").token();
        connection = deliveries.connect(token).orElseThrow().connection();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String job(String key) {
        return jobs.submit(tenant, site, key, new JobRequest.Payment(100, "PLN", key, Optional.empty())).job().id();
    }

    private String state(String job) {
        return jobs.get(tenant, job).orElseThrow().state().wire();
    }

    private List<Delivery> takeNew() {
        return deliveries.take(site, connection, DeliveryStore.NEW_ONLY, DeliveryStore.NEW_ONLY, Long.MAX_VALUE).items();
    }

    @Test
    void aClaimedJobIsNotDeliveredUntilFlushed() {
        String job = job("k1");

        List<Delivery> claimed = takeNew();

        assertThat(claimed).hasSize(1);
        assertThat(state(job)).isEqualTo("queued");
        assertThat(takeNew()).as("claimed once only").isEmpty();
        deliveries.delivered(claimed);
        assertThat(state(job)).isEqualTo("delivered");
    }

    @Test
    void aFailedWriteReleasesTheJobAndWakesTheSite() {
        String job = job("k1");
        List<Delivery> claimed = takeNew();

        deliveries.released(site, claimed);

        assertThat(state(job)).isEqualTo("queued");
        assertThat(sitesWoken).contains(site);
        List<Delivery> again = takeNew();
        assertThat(again).extracting(d -> d.data().get("id").asText()).containsExactly(job);
        assertThat(again.getFirst().seq()).isGreaterThan(claimed.getFirst().seq());
    }

    @Test
    void aLateReleaseDoesNotUndoANewerClaim() {
        String job = job("k1");
        List<Delivery> first = takeNew();
        List<Delivery> resent = deliveries.take(site, connection, DeliveryStore.EVERYTHING, DeliveryStore.EVERYTHING, Long.MAX_VALUE).items();
        deliveries.delivered(resent);

        deliveries.released(site, first);

        assertThat(state(job)).isEqualTo("delivered");
        assertThat(takeNew()).isEmpty();
    }

    @Test
    void aLateFlushDoesNotUndoAnAck() {
        String job = job("k1");
        List<Delivery> claimed = takeNew();
        jobs.ack(site, job);

        deliveries.delivered(claimed);

        assertThat(state(job)).isEqualTo("accepted");
    }

    @Test
    void aConnectionSupersededElsewhereCanNoLongerClaim() {
        String job = job("k1");
        long newer = deliveries.connect(token).orElseThrow().connection();

        assertThatThrownBy(this::takeNew).isInstanceOf(HubException.Superseded.class);
        assertThat(state(job)).isEqualTo("queued");
        List<Delivery> claimed = deliveries.take(site, newer, DeliveryStore.NEW_ONLY, DeliveryStore.NEW_ONLY, Long.MAX_VALUE).items();
        assertThat(claimed).extracting(d -> d.data().get("id").asText()).containsExactly(job);
    }

    @Test
    void aConnectionSupersededElsewhereLearnsItEvenWhenNothingIsPending() {
        deliveries.connect(token).orElseThrow();

        assertThatThrownBy(this::takeNew).isInstanceOf(HubException.Superseded.class);
    }

    @Test
    void aTokenNoSiteHoldsOpensNothing() {
        assertThat(deliveries.connect("not-a-token")).isEmpty();
        assertThat(deliveries.take(site, connection, DeliveryStore.NEW_ONLY, DeliveryStore.NEW_ONLY, Long.MAX_VALUE).items()).isEmpty();
    }

    @Test
    void theCatchUpFindsOnlySitesWithItemsNeverHandedOut() {
        String other = new SiteStore(db, Clock.systemUTC()).create(tenant, "other").id();
        job("k1");
        assertThat(deliveries.sitesWithNewItems()).containsExactly(site);

        takeNew();

        assertThat(deliveries.sitesWithNewItems()).doesNotContain(site, other);
    }
}
