package tillbridge.bench.chaos;

import java.util.random.RandomGenerator;

/** Payment amounts by terminal-sim's rules on the minor part (docs/terminal-sim.md). */
final class Amounts {
    enum Kind {
        APPROVED("approved", -1), INSUFFICIENT("51", 51), DO_NOT_HONOUR("05", 5), SLOW("slow .99", 99);

        final String label;
        /** the minor part that selects terminal-sim's rule, or -1 for any other */
        final int minor;

        Kind(String label, int minor) {
            this.label = label;
            this.minor = minor;
        }
    }

    private Amounts() {}

    /** 70% plain approved, 10% of each other kind. */
    static Kind kind(RandomGenerator random) {
        int r = random.nextInt(10);
        return r < 7 ? Kind.APPROVED : Kind.values()[r - 6];
    }

    /** 1.00 to 999.xx, with the minor part of the kind (an approved one avoids every special part). */
    static long amount(Kind kind, RandomGenerator random) {
        int minor = kind.minor;
        while (minor < 0) {
            int m = random.nextInt(100);
            if (m != 51 && m != 5 && m != 99 && m != 77) minor = m;
        }
        return (1 + random.nextInt(999)) * 100L + minor;
    }
}
