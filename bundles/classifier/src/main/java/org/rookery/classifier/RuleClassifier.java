package org.rookery.classifier;

import java.util.List;

import org.rookery.api.classify.Classifier;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;

/** The operator's rules as one link: an array scanned in order, first match wins. Immutable. */
public final class RuleClassifier implements Classifier {

    private final Rule[] rules;

    /** A link over a snapshot of the rules in chain order. */
    public RuleClassifier(List<Rule> rules) {
        this.rules = rules.toArray(new Rule[0]);
    }

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public Verdict classify(FlowKey key) {
        for (Rule r : rules) {
            if (r.matches(key)) {
                return r.verdict();
            }
        }
        return null;
    }

    /** Number of rules. */
    public int size() {
        return rules.length;
    }
}
