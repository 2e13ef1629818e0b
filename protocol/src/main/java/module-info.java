/** ECR-EFT: frames, packets, the message table, the link state machine and the conversation flows. Pure: no threads, sockets or clock. */
module tillbridge.protocol {
    exports tillbridge.protocol;
    exports tillbridge.protocol.flow;
    exports tillbridge.protocol.link;
    exports tillbridge.protocol.message;
}
