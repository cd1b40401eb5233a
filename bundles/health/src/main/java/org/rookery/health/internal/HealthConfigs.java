package org.rookery.health.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.rookery.api.health.HealthCheck;

/** A health check as Config Admin properties (factory PID {@code org.rookery.health}, one per pool) and back. */
final class HealthConfigs {

    /** Factory PID of the checks; {@code conf/org.rookery.health-web.cfg} is the check of pool web. */
    static final String FACTORY_PID = "org.rookery.health";

    private HealthConfigs() {
    }

    static Dictionary<String, Object> toProperties(HealthCheck c) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("pool", c.pool());
        p.put("type", c.type());
        p.put("interval.ms", String.valueOf(c.intervalMillis()));
        p.put("timeout.ms", String.valueOf(c.timeoutMillis()));
        p.put("rise", String.valueOf(c.rise()));
        p.put("fall", String.valueOf(c.fall()));
        p.put("port", String.valueOf(c.port()));
        p.put("path", c.path());
        p.put("expect", String.valueOf(c.expect()));
        return p;
    }

    /** The check in {@code p}; throws IllegalArgumentException naming the bad property. */
    static HealthCheck fromProperties(Dictionary<String, Object> p) {
        Object pool = p.get("pool");
        if (pool == null) {
            throw new IllegalArgumentException("health check without pool=");
        }
        return new HealthCheck(pool.toString(), str(p, "type", "tcp"), num(p, "interval.ms", 2000), num(p, "timeout.ms", 1000),
                num(p, "rise", 2), num(p, "fall", 3), num(p, "port", 0), str(p, "path", "/"), num(p, "expect", 200));
    }

    /** A property as text, or {@code dflt}. */
    static String str(Dictionary<String, Object> p, String key, String dflt) {
        Object v = p.get(key);
        return v == null ? dflt : v.toString();
    }

    /** A property as a whole number, or {@code dflt}; a bad one is named in the exception. */
    static int num(Dictionary<String, Object> p, String key, int dflt) {
        Object v = p.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a whole number");
        }
    }
}
