package org.rookery.api.model;

import java.util.Map;
import java.util.Objects;

/**
 * A pool of nodes and the name of the distribution policy that places new flows among them.
 *
 * @param name unique pool name
 * @param policy the policy name, as registered under {@code policy.name} (e.g. {@code rr}, {@code maglev})
 * @param options policy options (e.g. {@code maglev.table=65537}); never null
 */
public record Pool(String name, String policy, Map<String, String> options) {

    /** The policy a pool uses when none is named, and the fallback while the named one is absent. */
    public static final String DEFAULT_POLICY = "rr";

    /** Validates and freezes the fields. */
    public Pool {
        Names.check("pool", name);
        policy = policy == null || policy.isBlank() ? DEFAULT_POLICY : policy.trim();
        Names.check("policy", policy);
        options = Map.copyOf(Objects.requireNonNullElse(options, Map.of()));
    }

    /** A pool with no policy options. */
    public Pool(String name, String policy) {
        this(name, policy, Map.of());
    }
}
