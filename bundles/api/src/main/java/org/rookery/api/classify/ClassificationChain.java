package org.rookery.api.classify;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;

/** The whole ordered chain: every classifier in ranking order, then the default verdict. */
@ProviderType
public interface ClassificationChain {

    /** Classifies a flow against the current chain; never null, never allocating. */
    Verdict classify(FlowKey key);

    /** The names of the chain's links in order, ending with the default. */
    List<String> links();

    /** The operator's rules in chain order. */
    List<Rule> rules();

    /** The verdict when no link matches. */
    Verdict defaultVerdict();
}
