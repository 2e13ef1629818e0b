package tillbridge.protocol.message;

import java.util.OptionalInt;

/** Key pairing and key exchange: {@code B1 (B2no | B2ok B3 B4)}. Secrets never appear in toString. */
public sealed interface Keys extends Message {
    /** B1. */
    record PairingRequest(String version, String vendor, String deviceType, String deviceId) implements Keys {}

    /** B2: the responder's identity, result and RSA public key (modulus up to 256 bytes, exponent up to 3). */
    record PairingAnswer(String version, String vendor, String deviceType, String deviceId,
                         OptionalInt result, String modulus, String exponent) implements Keys {
        public boolean ok() {
            return result.isPresent() && result.getAsInt() == 0;
        }
    }

    /** B3: the key-encryption key, encrypted under the B2 public key, and its check value. */
    record Exchange(String kek, String kcv) implements Keys {
        @Override
        public String toString() {
            return "Exchange[kek=<" + kek.length() / 2 + " bytes>, kcv=<hidden>]";
        }
    }

    /** B4: {@code result} 0 = the check value matched (codes: docs/protocol.md). */
    record ExchangeAck(OptionalInt result) implements Keys {
        public static final int OK = 0;
        /** tillbridge definition: the KEK could not be decrypted with the B2 key (or is not an AES key). */
        public static final int UNREADABLE = 997;
        /** tillbridge definition: the check value of the decrypted KEK differs from the B3 one. */
        public static final int CHECK_VALUE_MISMATCH = 998;
        /** No pairing to exchange a key for, or key exchange not supported (frobd's code). */
        public static final int NOT_SUPPORTED = 999;

        public boolean ok() {
            return result.isPresent() && result.getAsInt() == OK;
        }
    }
}
