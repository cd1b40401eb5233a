package org.rookery.api.load;

/**
 * Where the front-end receives agent reports and how it judges them.
 *
 * @param address local address to bind, {@code 0.0.0.0} for all
 * @param port UDP port
 * @param keyFile file holding the shared key that signs reports
 * @param missed reports a node may miss before its load is unknown
 * @param maxAgeMillis largest accepted difference between a report's timestamp and the front-end's clock
 */
public record AgentSettings(String address, int port, String keyFile, int missed, int maxAgeMillis) {

    /** Default {@link #missed}. */
    public static final int DEFAULT_MISSED = 3;
    /** Default {@link #maxAgeMillis}. */
    public static final int DEFAULT_MAX_AGE_MILLIS = 5000;

    /** Validates the fields with one-line reasons. */
    public AgentSettings {
        address = address == null || address.isBlank() ? "0.0.0.0" : address.trim();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("agent port " + port + " is outside 1-65535");
        }
        if (keyFile == null || keyFile.isBlank()) {
            throw new IllegalArgumentException("a key file is needed: reports are signed");
        }
        if (missed < 1 || missed > 1000) {
            throw new IllegalArgumentException("missed " + missed + " is outside 1-1000");
        }
        if (maxAgeMillis < 100 || maxAgeMillis > 3_600_000) {
            throw new IllegalArgumentException("max age " + maxAgeMillis + " ms is outside 0.1-3600 s");
        }
    }
}
