/** Process plumbing every program shares: descriptors, listeners, bounded lines, exit codes, the version. */
module tillbridge.common {
    requires org.slf4j;

    exports tillbridge.common;
    exports tillbridge.common.cli;
    exports tillbridge.common.io;
    exports tillbridge.common.testing;
}
