package org.rookery.conntrack.internal;

import java.lang.annotation.Annotation;

/** A configuration as Config Admin would give it, with the defaults of {@link ConntrackConfig}. */
class TestConfig implements ConntrackConfig {

    int capacity = 1_048_576;
    int shards;
    int maxNodes = 65536;
    boolean evictEstablished = true;
    long established = 900;
    long synRecv = 60;
    long finWait = 120;
    long timeWait = 120;
    long close = 10;
    long udp = 300;
    long expireIntervalMs = 1000;

    @Override
    public Class<? extends Annotation> annotationType() {
        return ConntrackConfig.class;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int shards() {
        return shards;
    }

    @Override
    public int max_nodes() {
        return maxNodes;
    }

    @Override
    public boolean evict_established() {
        return evictEstablished;
    }

    @Override
    public long tcp_established() {
        return established;
    }

    @Override
    public long tcp_synrecv() {
        return synRecv;
    }

    @Override
    public long tcp_finwait() {
        return finWait;
    }

    @Override
    public long tcp_timewait() {
        return timeWait;
    }

    @Override
    public long tcp_close() {
        return close;
    }

    @Override
    public long udp() {
        return udp;
    }

    @Override
    public long expire_interval_ms() {
        return expireIntervalMs;
    }
}
