package org.rookery.api.cluster;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A change refused because the configuration it would give is inconsistent. It carries every problem
 * with the items each concerns, so that a caller can point at where an item came from (a file's line);
 * its message is the problems' messages joined by {@code "; "}.
 */
public class InvalidDefinitionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Not serialised: the model items are not serialisable, the message keeps the text. */
    private final transient List<Problem> problems;

    /**
     * One inconsistency.
     *
     * @param message what is wrong and what would be right, one line
     * @param items the services, pools, nodes, rules or port space it concerns, as given
     */
    public record Problem(String message, List<Object> items) {

        /** Freezes the items. */
        public Problem {
            items = List.copyOf(items);
        }
    }

    /** An exception listing the given problems (at least one). */
    public InvalidDefinitionException(List<Problem> problems) {
        super(problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order found. */
    public List<Problem> problems() {
        return problems == null ? List.of() : problems;
    }
}
