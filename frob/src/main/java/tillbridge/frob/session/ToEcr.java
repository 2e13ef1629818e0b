package tillbridge.frob.session;

import tillbridge.protocol.Packet;
import tillbridge.protocol.message.Message;

/** How the parts of a session send to the ECR: over the session's link, from the session's loop. */
interface ToEcr {
    /** Sends {@code m} with {@code token}: the request's token for an answer, a fresh one otherwise. */
    Packet send(String token, Message m);

    /** A new token from frob's (EFT) range. */
    String freshToken();
}
