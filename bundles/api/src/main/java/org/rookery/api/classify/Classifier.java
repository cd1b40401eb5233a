package org.rookery.api.classify;

import org.osgi.annotation.versioning.ConsumerType;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.Verdict;

/**
 * One link of the classification chain. Links are OSGi services ordered by {@code service.ranking},
 * highest first; the first link that returns a verdict wins, and the chain ends in an explicit default.
 * {@link #classify} is on the hot path: it must not allocate and may run on several threads at once.
 */
@ConsumerType
public interface Classifier {

    /** A short name for listings and counters, e.g. {@code rules} or {@code portspace}. */
    String name();

    /**
     * Classifies a flow.
     *
     * @return a shared, immutable verdict, or null when this link has no opinion
     */
    Verdict classify(FlowKey key);
}
