package tillbridge.ecr;

import java.util.Arrays;
import java.util.Optional;

/**
 * How key pairing and key exchange (B1-B4) ended (docs/ecr.md).
 *
 * @param stage {@code B2} when the terminal refused the pairing, {@code B4} when it answered the key exchange
 * @param result the terminal's result code: 0 accepted; B4 997 the KEK did not decrypt, 998 check value mismatch, 999 not supported
 * @param kek the key-encryption key this ECR generated and the terminal accepted; empty unless accepted
 */
public record PairingResult(String stage, int result, String message, Optional<byte[]> kek) {
    public PairingResult {
        kek = kek.map(byte[]::clone);
    }

    public boolean accepted() {
        return result == 0 && kek.isPresent();
    }

    /** A copy of the key: the caller keeps it secret. */
    @Override
    public Optional<byte[]> kek() {
        return kek.map(byte[]::clone);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "PairingResult[" + stage + " " + result + ", " + message + (kek.isPresent() ? ", kek=<" + kek.get().length + " bytes hidden>" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairingResult p && stage.equals(p.stage) && result == p.result && message.equals(p.message)
                && kek.isPresent() == p.kek.isPresent() && (kek.isEmpty() || Arrays.equals(kek.get(), p.kek.get()));
    }

    @Override
    public int hashCode() {
        return stage.hashCode() * 31 + result;
    }
}
