package tillbridge.hub;

import java.nio.file.Path;

/** {@link OperationsContract} on H2: one node, admin.json in a directory of its own. */
class OperationsOnH2Test extends OperationsContract {
    @Override
    TestHub start(Path adminDir) throws Exception {
        return TestHub.start(dir.resolve("data"), c -> c.withOps(new HubConfig.Ops(null, null, adminAt(adminDir))));
    }

    @Override
    TestHub other() {
        return t;
    }

    static HubConfig.Admin adminAt(Path adminDir) {
        return new HubConfig.Admin(null, null, adminDir, HubConfig.Admin.DEFAULTS.keepJobs());
    }
}
