package org.rookery.capture.internal;

import java.util.function.Supplier;
import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Keeps the decision copy's own messages ("configuration changed: pool web added", fallbacks) out of
 * the front-end's log: the copy's classes log under the same names as the live ones, and an operator
 * reading them would think the live cluster had changed. Only records of the building thread are
 * held back, only while it builds; whatever the live components log meanwhile passes.
 */
final class QuietLogs {

    private static final String[] NAMES = {
        "org.rookery.cluster.internal.ClusterManager", "org.rookery.classifier.internal.ChainManager",
    };

    private QuietLogs() {
    }

    /** Runs {@code build} with its thread's records of the copied components filtered out. */
    static synchronized <T> T quietly(Supplier<T> build) {
        Thread builder = Thread.currentThread();
        Logger[] loggers = new Logger[NAMES.length];
        Filter[] before = new Filter[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            loggers[i] = Logger.getLogger(NAMES[i]);
            Filter prev = loggers[i].getFilter();
            before[i] = prev;
            loggers[i].setFilter(r -> Thread.currentThread() != builder && (prev == null || prev.isLoggable(r)));
        }
        try {
            return build.get();
        } finally {
            for (int i = 0; i < NAMES.length; i++) {
                loggers[i].setFilter(before[i]);
            }
        }
    }
}
