package org.rookery.capture.internal;

import java.io.IOException;
import java.util.Dictionary;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The two settings of the live decision that are not in the cluster configuration: the chain's
 * default verdict (PID {@code org.rookery.classifier}) and what happens to flows of down nodes (PID
 * {@code org.rookery.dispatcher}).
 *
 * @param defaultVerdict local, drop, pool:NAME or node:POOL/NAME
 * @param downFlows drop or reschedule
 */
record LiveSettings(String defaultVerdict, String downFlows) {

    /** The components' defaults. */
    static final LiveSettings DEFAULTS = new LiveSettings("local", "drop");

    /** Reads the settings from Config Admin without creating configurations; defaults where unset. */
    static LiveSettings read(ConfigurationAdmin cm) {
        return new LiveSettings(value(cm, "org.rookery.classifier", "default.verdict", DEFAULTS.defaultVerdict),
                value(cm, "org.rookery.dispatcher", "down.flows", DEFAULTS.downFlows));
    }

    private static String value(ConfigurationAdmin cm, String pid, String key, String dflt) {
        try {
            Configuration[] cs = cm.listConfigurations("(service.pid=" + pid + ")");
            Dictionary<String, Object> p = cs == null || cs.length == 0 ? null : cs[0].getProperties();
            Object v = p == null ? null : p.get(key);
            return v == null ? dflt : v.toString();
        } catch (IOException | InvalidSyntaxException e) {
            return dflt;
        }
    }
}
