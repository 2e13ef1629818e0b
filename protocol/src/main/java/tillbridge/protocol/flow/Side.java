package tillbridge.protocol.flow;

/** Who sent a packet. */
public enum Side {
    ECR, EFT;

    public Side other() {
        return this == ECR ? EFT : ECR;
    }
}
