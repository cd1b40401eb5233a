package org.rookery.commands.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the arguments of a verb the way {@code ip} and {@code nft} users expect: positional words,
 * then {@code --flag value} pairs. Every mistake is one line saying what is wrong and the usage.
 */
final class Args {

    private final String usage;
    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> flags = new LinkedHashMap<>();

    private Args(String usage) {
        this.usage = usage;
    }

    /**
     * Parses {@code words[from..]}.
     *
     * @param flagNames the accepted flags (with their leading {@code --}), all taking a value
     * @param usage the verb's usage line, quoted in errors
     */
    static Args parse(Object[] words, int from, Set<String> flagNames, String usage) {
        Args a = new Args(usage);
        for (int i = from; i < words.length; i++) {
            String w = String.valueOf(words[i]);
            if (w.startsWith("--")) {
                if (!flagNames.contains(w)) {
                    throw a.error("unknown option " + w + (flagNames.isEmpty() ? "; this verb takes none"
                            : "; expected one of " + String.join(", ", flagNames)));
                }
                if (i + 1 >= words.length || String.valueOf(words[i + 1]).startsWith("--")) {
                    throw a.error("option " + w + " needs a value");
                }
                a.flags.computeIfAbsent(w, k -> new ArrayList<>()).add(String.valueOf(words[++i]));
            } else {
                a.positional.add(w);
            }
        }
        return a;
    }

    /** An error naming the problem and the usage. */
    IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + "; usage: " + usage);
    }

    /** Requires exactly {@code n} positional words, named for the error. */
    Args positional(String... names) {
        if (positional.size() != names.length) {
            throw error(positional.size() < names.length ? "missing " + names[positional.size()]
                    : "unexpected argument '" + positional.get(names.length) + "'");
        }
        return this;
    }

    /** Number of positional words. */
    int positionalCount() {
        return positional.size();
    }

    /** Positional word {@code i}. */
    String word(int i) {
        return positional.get(i);
    }

    /** The value of a flag given once, or null when absent. */
    String get(String flag) {
        List<String> v = flags.get(flag);
        if (v == null) {
            return null;
        }
        if (v.size() > 1) {
            throw error("option " + flag + " given " + v.size() + " times");
        }
        return v.get(0);
    }

    /** Every value of a repeatable flag. */
    List<String> all(String flag) {
        return flags.getOrDefault(flag, List.of());
    }

    /** The value of a mandatory flag. */
    String require(String flag) {
        String v = get(flag);
        if (v == null) {
            throw error("missing " + flag);
        }
        return v;
    }

    /** True when any of the flags was given. */
    boolean has(String flag) {
        return flags.containsKey(flag);
    }

    /** A whole number within bounds, for the error named by {@code what}. */
    int integer(String flag, int min, int max, int dflt) {
        String v = get(flag);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw error(flag + " '" + v + "' is not a whole number in " + min + "-" + max);
    }

    /** A decimal number within bounds. */
    double decimal(String flag, double min, double max) {
        String v = require(flag);
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw error(flag + " '" + v + "' is not a number in " + min + "-" + max);
    }

    /** {@code key=value} options, as given with a repeatable flag. */
    Map<String, String> keyValues(String flag) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : all(flag)) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw error(flag + " '" + kv + "' is not KEY=VALUE");
            }
            m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return m;
    }
}
