package org.rookery.proxy.internal;

/**
 * The proxy configuration as plain values, so that tests build it without an annotation instance.
 *
 * @param threads event loop threads, 0 for one per core
 * @param epoll true to use the native epoll transport when it loads
 * @param connectTimeoutMillis timeout of one connection attempt
 * @param connectRetries further attempts after a refused or timed-out one
 * @param idleTimeoutSeconds TCP idle timeout, 0 for none
 * @param gracePeriodSeconds delay before connections of a deleted or down node are closed
 * @param proxyProtocol true to send a PROXY protocol v2 header to the node
 * @param udpIdleTimeoutSeconds UDP session idle timeout
 * @param udpMaxSessions bound on UDP sessions
 * @param backlog accept backlog of TCP listeners
 */
public record ProxySettings(int threads, boolean epoll, int connectTimeoutMillis, int connectRetries,
                            int idleTimeoutSeconds, int gracePeriodSeconds, boolean proxyProtocol,
                            int udpIdleTimeoutSeconds, int udpMaxSessions, int backlog) {

    /** Clamps the values into their valid ranges: a typo in a file must not stop the datapath. */
    public ProxySettings {
        threads = Math.max(0, threads);
        connectTimeoutMillis = Math.max(1, connectTimeoutMillis);
        connectRetries = Math.max(0, connectRetries);
        idleTimeoutSeconds = Math.max(0, idleTimeoutSeconds);
        gracePeriodSeconds = Math.max(0, gracePeriodSeconds);
        udpIdleTimeoutSeconds = Math.max(1, udpIdleTimeoutSeconds);
        udpMaxSessions = Math.max(1, udpMaxSessions);
        backlog = Math.max(1, backlog);
    }

    /** The defaults of {@link ProxyConfig}. */
    public static ProxySettings defaults() {
        return new ProxySettings(0, true, 2000, 2, 900, 10, false, 30, 65536, 1024);
    }

    /** The values of a configuration. */
    public static ProxySettings from(ProxyConfig c) {
        return new ProxySettings(c.threads(), c.epoll(), c.connect_timeout_ms(), c.connect_retries(),
                c.idle_timeout_s(), c.grace_period_s(), c.proxy_protocol(), c.udp_idle_timeout_s(),
                c.udp_max_sessions(), c.backlog());
    }

    /** The number of event loop threads to start. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
