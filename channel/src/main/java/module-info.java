/** The channel contract: frob's JSON lines to the terminal software, their codec, and a peer for the other side. */
module tillbridge.channel {
    requires transitive tillbridge.protocol;
    requires transitive tillbridge.common;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.jr.ob;
    requires org.slf4j;

    exports tillbridge.common.channel;
    exports tillbridge.common.json;
}
