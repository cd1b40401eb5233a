package org.rookery.commands.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rookery.api.model.Node;
import org.rookery.api.model.Rule;

/**
 * What a configuration file may leave out and the cluster would fill in for a typed command: node
 * port-space indexes and rule ids. Filled here, before the whole is compared or installed, so that
 * {@code config diff} shows what {@code config import} will do and a re-import changes nothing.
 */
final class FileDefaults {

    private FileDefaults() {
    }

    /** Nodes without an index keep the running one (or none), else take the lowest free, in file order. */
    static List<Node> withIndexes(List<Node> nodes, List<Node> running) {
        Map<String, Node> now = new HashMap<>();
        running.forEach(n -> now.put(n.key(), n));
        Set<Integer> taken = new HashSet<>();
        nodes.stream().filter(n -> n.index() >= 0).forEach(n -> taken.add(n.index()));
        List<Node> out = new ArrayList<>(nodes);
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            Node was = out.get(i).index() >= 0 ? null : now.get(out.get(i).key());
            if (was != null && (was.index() < 0 || taken.add(was.index()))) {
                out.set(i, out.get(i).withIndex(was.index()));
            } else if (out.get(i).index() < 0) {
                fresh.add(i);
            }
        }
        int next = 0;
        for (int i : fresh) {
            while (taken.contains(next)) {
                next++;
            }
            taken.add(next);
            out.set(i, out.get(i).withIndex(next));
        }
        return out;
    }

    /** Rules without an id take ids after the highest one the file gives, in file order. */
    static List<Rule> withIds(List<Rule> rules) {
        int next = rules.stream().mapToInt(Rule::id).max().orElse(0);
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            out.add(r.id() > 0 ? r : r.withId(++next));
        }
        return out;
    }
}
