package org.rookery.policy.maglev;

import static org.rookery.policy.maglev.MaglevPolicy.DEFAULT_TABLE;
import static org.rookery.policy.maglev.MaglevPolicy.HASH;
import static org.rookery.policy.maglev.MaglevPolicy.MAX_TABLE;
import static org.rookery.policy.maglev.MaglevPolicy.TABLE;

/** Parses and checks the maglev options, with messages that say what would be right. */
final class MaglevOptions {

    private MaglevOptions() {
    }

    /** The table size: a prime from the number of members up to {@value MaglevPolicy#MAX_TABLE}. */
    static int tableSize(String text, int members) {
        if (text == null || text.isBlank()) {
            if (members > DEFAULT_TABLE) {
                throw new IllegalArgumentException(TABLE + " must be set: the default " + DEFAULT_TABLE
                        + " is smaller than the pool's " + members + " members");
            }
            return DEFAULT_TABLE;
        }
        long m;
        try {
            m = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TABLE + " must be a prime number such as 65537, not '" + text + "'");
        }
        if (m > MAX_TABLE || !isPrime(m)) {
            throw new IllegalArgumentException(TABLE + " must be a prime number up to " + MAX_TABLE
                    + " such as 65537 or 655373, not " + m);
        }
        if (m < members) {
            throw new IllegalArgumentException(TABLE + " " + m + " is smaller than the pool's " + members
                    + " members; use a prime of at least 100 times the members, such as 65537");
        }
        return (int) m;
    }

    /** True for {@code source}, false for {@code 5tuple} or nothing. */
    static boolean hashesSource(String text) {
        String hash = text == null ? "" : text.trim();
        if (hash.isEmpty() || hash.equals("5tuple")) {
            return false;
        }
        if (hash.equals("source")) {
            return true;
        }
        throw new IllegalArgumentException(HASH + " must be 5tuple or source, not '" + text + "'");
    }

    /** Trial division: table sizes are at most 2^24, so at most 4096 divisions. */
    static boolean isPrime(long m) {
        if (m < 2) {
            return false;
        }
        for (long d = 2; d * d <= m; d++) {
            if (m % d == 0) {
                return false;
            }
        }
        return true;
    }
}
