package tillbridge.frob.session;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.protocol.Packet;
import tillbridge.protocol.flow.Lane;
import tillbridge.protocol.flow.Side;
import tillbridge.protocol.flow.Violation;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.KeyCrypto;
import tillbridge.protocol.message.Keys;

/**
 * frob as the responder of key pairing and key exchange (docs/protocol.md): B1 is answered by B2
 * with frob's RSA public key; B3 by B4 0 when the KEK it carries decrypts and its check value
 * matches (the KEK is then stored), 997 when it does not decrypt, 998 when the check value differs,
 * 999 when there was no B2 in this session or the key file cannot be used. Part of the session.
 */
final class KeyRoute {
    private static final Logger log = LoggerFactory.getLogger(KeyRoute.class);

    private final CommTest.Answer identity;
    private final FrobKeys keys;
    private final ToEcr ecr;
    /** The key-exchange lane the ECR starts; a new B1 starts it afresh, so an abandoned pairing never blocks the next. */
    private final Lane flow;
    private Keys.PairingRequest paired;

    KeyRoute(Lane flow, CommTest.Answer identity, FrobKeys keys, ToEcr ecr) {
        this.flow = flow;
        this.identity = identity;
        this.keys = keys;
        this.ecr = ecr;
    }

    void pairing(Packet p, Keys.PairingRequest b1) {
        if (flow.accept(Side.ECR, b1).isPresent()) {
            log.info("B1 [{}] restarts an unfinished key pairing", p.token());
            flow.reset();
            flow.accept(Side.ECR, b1);
        }
        Keys.PairingAnswer b2;
        try {
            KeyPair kp = keys.pair();
            RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
            b2 = answer(OptionalInt.of(0), KeyCrypto.modulusHex(pub), KeyCrypto.exponentHex(pub));
            paired = b1;
            log.info("key pairing: ECR {} {} {} {}; answering with frob's public key from {}", b1.version(), b1.vendor(), b1.deviceType(), b1.deviceId(), keys.file());
        } catch (IOException | GeneralSecurityException e) {
            log.error("key pairing refused: the key file {} cannot be used: {}", keys.file(), e.getMessage());
            b2 = answer(OptionalInt.of(Keys.ExchangeAck.NOT_SUPPORTED), "", "");
            paired = null;
        }
        send(p.token(), b2);
    }

    void exchange(Packet p, Keys.Exchange b3) {
        Optional<Violation> v = flow.accept(Side.ECR, b3);
        if (v.isPresent() || paired == null) {
            log.warn("B3 [{}] without a key pairing in this session ({}): answering B4 {}", p.token(),
                    v.map(Violation::toString).orElse("no B2 with a key"), Keys.ExchangeAck.NOT_SUPPORTED);
            ecr.send(p.token(), new Keys.ExchangeAck(OptionalInt.of(Keys.ExchangeAck.NOT_SUPPORTED)));
            return;
        }
        send(p.token(), new Keys.ExchangeAck(OptionalInt.of(check(b3))));
    }

    /** A B3 whose body breaks its schema (e.g. a KEK that is not 256 bytes): B4 997, and the pairing is over. */
    void unreadable(Packet p, String reason) {
        log.warn("B3 [{}] unreadable ({}): answering B4 {}", p.token(), reason, Keys.ExchangeAck.UNREADABLE);
        flow.reset();
        paired = null;
        ecr.send(p.token(), new Keys.ExchangeAck(OptionalInt.of(Keys.ExchangeAck.UNREADABLE)));
    }

    private int check(Keys.Exchange b3) {
        byte[] kek;
        try {
            kek = KeyCrypto.decryptKek(keys.pair().getPrivate(), b3.kek());
        } catch (IOException | GeneralSecurityException e) {
            log.warn("key exchange refused ({}): the KEK cannot be decrypted with frob's key: {}", Keys.ExchangeAck.UNREADABLE, e.getMessage());
            return Keys.ExchangeAck.UNREADABLE;
        }
        try {
            if (!KeyCrypto.sameCheckValue(KeyCrypto.checkValue(kek), b3.kcv())) {
                log.warn("key exchange refused ({}): check value mismatch", Keys.ExchangeAck.CHECK_VALUE_MISMATCH);
                return Keys.ExchangeAck.CHECK_VALUE_MISMATCH;
            }
            keys.storeKek(kek, b3.kcv(), paired);
            log.info("key exchange accepted: a {}-bit KEK with a matching check value, stored in {}", kek.length * 8, keys.kekFile());
            return Keys.ExchangeAck.OK;
        } catch (GeneralSecurityException e) {
            log.warn("key exchange refused ({}): {}", Keys.ExchangeAck.UNREADABLE, e.getMessage());
            return Keys.ExchangeAck.UNREADABLE;
        } catch (IOException e) {
            log.error("key exchange refused ({}): the KEK cannot be stored in {}: {}", Keys.ExchangeAck.NOT_SUPPORTED, keys.kekFile(), e.getMessage());
            return Keys.ExchangeAck.NOT_SUPPORTED;
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    private Keys.PairingAnswer answer(OptionalInt result, String modulus, String exponent) {
        return new Keys.PairingAnswer(identity.version(), identity.vendor(), identity.deviceType(), identity.deviceId(), result, modulus, exponent);
    }

    private void send(String token, Keys answer) {
        flow.accept(Side.EFT, answer).ifPresent(x -> log.error("bug: frob's own {} breaks the conversation: {}", answer.code(), x));
        ecr.send(token, answer);
    }
}
