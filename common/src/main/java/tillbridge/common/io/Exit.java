package tillbridge.common.io;

/** Process exit codes in the skarnet convention. */
public enum Exit {
    OK(0),
    /** The peer misbehaved or went away. */
    PEER_FAILED(1),
    /** Bad command line or configuration. */
    USAGE(100),
    /** A bug in tillbridge. */
    BUG(101),
    /** The environment failed (I/O error, missing file). */
    SYSTEM(111);

    public final int code;

    Exit(int code) {
        this.code = code;
    }
}
