package org.rookery.cluster.internal;

import java.io.IOException;
import java.util.List;

/** Where the cluster configuration lives between runs. */
interface ConfigStore {

    /** Reads the whole configuration; items that cannot be read are skipped and described in {@code problems}. */
    ClusterConfig load(List<String> problems) throws IOException;

    /** Writes what differs between {@code before} and {@code after}. */
    void save(ClusterConfig before, ClusterConfig after) throws IOException;

    /** A store that keeps nothing, for tests, benchmarks and offline replay. */
    ConfigStore NONE = new ConfigStore() {
        @Override
        public ClusterConfig load(List<String> problems) {
            return ClusterConfig.EMPTY;
        }

        @Override
        public void save(ClusterConfig before, ClusterConfig after) {
            // nothing is kept
        }
    };
}
