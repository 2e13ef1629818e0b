package tillbridge.ecr;

import tillbridge.protocol.PacketType;
import tillbridge.protocol.message.Message;

/**
 * A request to the terminal and the record of its answer, so that {@link EcrSession} returns an
 * {@code A} without a cast. The pair must be one {@link PacketType#answer} names (T1 with T2, B3
 * with B4, ...): the table stays the one place that knows which type answers which.
 */
record Request<A extends Message>(Message message, Class<A> answerType) {
    Request {
        PacketType asked = PacketType.of(message.getClass());
        PacketType expected = asked == null ? null : asked.answer();
        if (expected == null || expected.record() != answerType)
            throw new IllegalArgumentException(message.getClass().getSimpleName() + " is not answered by " + answerType.getSimpleName()
                    + " (PacketType: " + asked + " → " + expected + ")");
    }

    /** The type of the answer. */
    PacketType answer() {
        return PacketType.of(answerType);
    }
}
