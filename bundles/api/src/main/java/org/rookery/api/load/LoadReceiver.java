package org.rookery.api.load;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** The front-end's receiver of agent reports: what it accepted and what it dropped. */
@ProviderType
public interface LoadReceiver {

    /** When the last accepted report of a node came (epoch milliseconds), or -1 when none came. */
    long lastReportMillis(String pool, String node);

    /**
     * Counters: {@code accepted}, {@code slice-requests} and one per drop reason ({@code unsigned},
     * {@code bad-signature}, {@code replayed}, {@code stale}, {@code malformed}, {@code unknown-node}).
     */
    Map<String, Long> counters();

    /** The settings in use, or null when receiving is off. */
    AgentSettings settings();

    /**
     * Applies and stores new settings: reads the key file and binds the port first, and on any problem
     * throws {@link IllegalArgumentException} with one line and keeps the old settings. Null turns receiving off.
     */
    void configure(AgentSettings settings);
}
