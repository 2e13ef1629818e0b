package tillbridge.terminalsim;

import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import tillbridge.protocol.message.Pan;

/**
 * The card "presented" in a simulated sale. Only the masked number is ever kept: the full test
 * number exists inside {@link #draw} and nowhere else, so no log, journal or message can hold it.
 *
 * @param method the scheme as sent in S2 {@code method}
 * @param maskedPan {@link Pan#mask} of a well-known scheme test number, e.g. {@code 411111******1111}
 * @param cardToken 32 random bytes as uppercase hex (S2 {@code card_token})
 */
record TestCard(String method, String maskedPan, String cardToken) {
    /** Public test numbers of the schemes (never issued to cardholders), by brand. */
    private static final List<String> VISA = List.of("4111111111111111", "4012888888881881", "4000056655665556");
    private static final List<String> MASTERCARD = List.of("5555555555554444", "5105105105105100", "2223003122003222");

    TestCard {
        if (!Pan.isMasked(maskedPan)) throw new IllegalArgumentException("a test card keeps only the masked number");
    }

    static TestCard draw(RandomGenerator random) {
        boolean visa = random.nextBoolean();
        List<String> numbers = visa ? VISA : MASTERCARD;
        String pan = numbers.get(random.nextInt(numbers.size()));
        byte[] token = new byte[32];
        random.nextBytes(token);
        return new TestCard(visa ? "VISA" : "MASTERCARD", Pan.mask(pan), HexFormat.of().withUpperCase().formatHex(token));
    }
}
