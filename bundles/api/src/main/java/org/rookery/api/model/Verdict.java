package org.rookery.api.model;

import java.util.Objects;

/**
 * What the classification chain decides for a flow: to a pool, to one node, local delivery, or drop.
 * Verdicts are immutable and shared, so returning one on the hot path allocates nothing.
 *
 * @param kind the kind of verdict
 * @param target the pool name for {@link Kind#POOL}, {@code pool/node} for {@link Kind#NODE}, else null
 */
public record Verdict(Kind kind, String target) {

    /** The kinds of verdict. */
    public enum Kind {
        /** Let a pool's policy pick a node. */
        POOL,
        /** Send to one given node. */
        NODE,
        /** Not ours: let the host have the packet. */
        LOCAL,
        /** Drop it. */
        DROP
    }

    /** The shared local-delivery verdict. */
    public static final Verdict LOCAL = new Verdict(Kind.LOCAL, null);
    /** The shared drop verdict. */
    public static final Verdict DROP = new Verdict(Kind.DROP, null);

    /** Validates that pool and node verdicts have a target and the others none. */
    public Verdict {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.POOL || kind == Kind.NODE) == (target == null)) {
            throw new IllegalArgumentException(kind + " verdict " + (target == null ? "needs" : "takes no") + " target");
        }
    }

    /** A verdict sending flows to a pool. */
    public static Verdict pool(String pool) {
        return new Verdict(Kind.POOL, Names.check("pool", pool));
    }

    /** A verdict sending flows to one node of a pool. */
    public static Verdict node(String pool, String node) {
        return new Verdict(Kind.NODE, Names.check("pool", pool) + "/" + Names.check("node", node));
    }

    /** Parses {@code pool:NAME}, {@code node:POOL/NAME}, {@code local} or {@code drop}. */
    public static Verdict parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.equals("local")) {
            return LOCAL;
        }
        if (s.equals("drop")) {
            return DROP;
        }
        if (s.startsWith("pool:")) {
            return pool(s.substring(5));
        }
        if (s.startsWith("node:")) {
            String n = s.substring(5);
            int slash = n.indexOf('/');
            if (slash > 0) {
                return node(n.substring(0, slash), n.substring(slash + 1));
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a verdict; expected pool:NAME, node:POOL/NAME, local or drop");
    }

    /** The text form that {@link #parse} reads back. */
    @Override
    public String toString() {
        return switch (kind) {
            case POOL -> "pool:" + target;
            case NODE -> "node:" + target;
            case LOCAL -> "local";
            case DROP -> "drop";
        };
    }
}
