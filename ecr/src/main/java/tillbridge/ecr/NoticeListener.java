package tillbridge.ecr;

/**
 * Notices from the terminal, which need no answer: L1 (unavailable for a while) and M1 (an event
 * such as "end of day done"). Called on the session's thread: return quickly.
 */
public interface NoticeListener {
    NoticeListener NONE = new NoticeListener() {};

    /** L1: the terminal is unavailable for {@code seconds} (0: available again). */
    default void unavailable(int seconds, String reason) {}

    /** M1: event {@code code} with its text. */
    default void event(int code, String text) {}
}
