/** The link runtime: the protocol's pure link over a real byte stream. */
module tillbridge.link {
    requires transitive tillbridge.protocol;
    requires org.slf4j;

    exports tillbridge.common.link;
}
