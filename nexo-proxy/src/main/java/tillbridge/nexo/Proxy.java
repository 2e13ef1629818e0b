package tillbridge.nexo;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tillbridge.nexo.transport.PoiTransport;

/** What all connections from frob share: the settings, the way to the POI, the journal, the payments in flight. */
final class Proxy {
    final Config config;
    final PoiTransport poi;
    final ServiceIdJournal journal;
    final ServiceIds serviceIds = new ServiceIds();
    /** ecr_id + payment_id of every PaymentRequest waiting for its response, across all sessions. */
    final Set<ServiceIdJournal.Key> inProgress = ConcurrentHashMap.newKeySet();
    Proxy(Config config, PoiTransport poi, ServiceIdJournal journal) {
        this.config = config;
        this.poi = poi;
        this.journal = journal;
    }

    /** Serves one connection from frob until it ends. */
    void serve(String name, java.io.InputStream in, java.io.OutputStream out) {
        new FrobToNexo(this, name, in, out).run();
    }
}
