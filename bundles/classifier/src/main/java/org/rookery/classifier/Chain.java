package org.rookery.classifier;

import java.util.ArrayList;
import java.util.List;

import org.rookery.api.classify.Classifier;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.Verdict;

/**
 * An immutable classification chain: links in order, then the default verdict. A chain is never
 * changed once built; a new one replaces it with one volatile write, so readers never see a half-built chain.
 */
public final class Chain {

    private final Classifier[] links;
    private final Verdict defaultVerdict;

    /** A chain of the given links (in order) ending in {@code defaultVerdict}. */
    public Chain(List<? extends Classifier> links, Verdict defaultVerdict) {
        this.links = links.toArray(new Classifier[0]);
        this.defaultVerdict = defaultVerdict == null ? Verdict.LOCAL : defaultVerdict;
    }

    /** The verdict of the first link that has one, else the default; never null, never allocating. */
    public Verdict classify(FlowKey key) {
        for (Classifier c : links) {
            Verdict v;
            try {
                v = c.classify(key);
            } catch (RuntimeException e) {
                // A contributed classifier must not take the datapath down; it is skipped.
                continue;
            }
            if (v != null) {
                return v;
            }
        }
        return defaultVerdict;
    }

    /** The default verdict. */
    public Verdict defaultVerdict() {
        return defaultVerdict;
    }

    /** The link names in order, ending with {@code default:VERDICT}. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Classifier c : links) {
            names.add(c.name());
        }
        names.add("default:" + defaultVerdict);
        return names;
    }
}
