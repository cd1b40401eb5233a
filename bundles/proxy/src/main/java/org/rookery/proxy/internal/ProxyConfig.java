package org.rookery.proxy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the proxy datapath (PID {@code org.rookery.proxy}); a change restarts the proxy. */
@ObjectClassDefinition(name = "Rookery proxy")
public @interface ProxyConfig {

    /** Event loop threads; 0 means one per core. */
    @AttributeDefinition(description = "event loop threads; 0 = one per core", min = "0")
    int threads() default 0;

    /** Use the native epoll transport when it loads; NIO otherwise. */
    @AttributeDefinition(description = "use the native epoll transport when it is available")
    boolean epoll() default true;

    /** How long one connection attempt to a node may take (looked at every 100 ms, so up to 100 ms more). */
    @AttributeDefinition(description = "timeout of one connection attempt to a node, ms (checked every 100 ms)", min = "1")
    int connect_timeout_ms() default 2000;

    /** Further nodes tried when a node refuses or times out. */
    @AttributeDefinition(description = "further attempts (asking the policy again) when a node refuses or times out", min = "0")
    int connect_retries() default 2;

    /** A TCP connection with no traffic either way for this long is closed on both sides. */
    @AttributeDefinition(description = "idle timeout of a TCP connection, s; 0 = none", min = "0")
    int idle_timeout_s() default 900;

    /** Connections to a node that is deleted or goes down are closed after this long. */
    @AttributeDefinition(description = "grace period before connections to a deleted or down node are closed, s", min = "0")
    int grace_period_s() default 10;

    /** Send a PROXY protocol v2 header with the client's address to the node. */
    @AttributeDefinition(description = "send a PROXY protocol v2 header to the node (TCP)")
    boolean proxy_protocol() default false;

    /** A UDP session with no datagram either way for this long is closed. */
    @AttributeDefinition(description = "idle timeout of a UDP session, s", min = "1")
    int udp_idle_timeout_s() default 30;

    /** Upper bound on UDP sessions; datagrams of new clients beyond it are dropped and counted. */
    @AttributeDefinition(description = "maximum number of UDP sessions", min = "1")
    int udp_max_sessions() default 65536;

    /** Accept queue length of each TCP listener. */
    @AttributeDefinition(description = "accept backlog of each TCP listener", min = "1")
    int backlog() default 1024;
}
