package org.rookery.commands.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rookery.api.cluster.ClusterDefinition;
import org.rookery.api.health.HealthCheck;
import org.rookery.api.load.AgentSettings;
import org.rookery.api.model.Node;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Rule;
import org.rookery.api.model.VirtualService;

/**
 * Reads a configuration file as {@link ConfigWriter} writes it, each line with the shell's own
 * parsers ({@link ItemArgs}), so a line is right exactly when the same command typed would be. A line
 * that cannot be read is kept as an error with its number and the others are still read, so that one
 * pass reports every mistake. What the shell leaves to the cluster is settled by {@link FileDefaults}:
 * a node without {@code --index} keeps its running index, or gets the lowest free one when new; a rule
 * without {@code --id} gets the next id after the file's highest. Beside the cluster, a file holds the
 * health checks ({@code health set}, one per pool of the file) and the agent receiver ({@code agent set},
 * at most one; none means off), so that an import restores the front-end's node side too.
 */
final class ConfigReader {

    /** A mistake and the line it is on (0 when no line is to blame). */
    record LineError(int line, String message) {

        /** {@code line N: message}. */
        @Override
        public String toString() {
            return line > 0 ? "line " + line + ": " + message : message;
        }
    }

    /**
     * What a file gave: the items read, where each stood, and the lines that could not be read; {@code checks}
     * are the health checks by pool, {@code agent} the receiver's settings (null: off).
     */
    record Result(ClusterDefinition definition, Map<Object, Integer> lines, List<LineError> errors, List<HealthCheck> checks,
                  AgentSettings agent) {

        /** The line an item was read from (the very instance, else an equal one), or 0. */
        int lineOf(Object item) {
            Integer n = lines.get(item);
            if (n == null) {
                n = lines.entrySet().stream().filter(e -> e.getKey().equals(item)).map(Map.Entry::getValue)
                        .findFirst().orElse(0);
            }
            return n;
        }
    }

    private ConfigReader() {
    }

    /** Reads the lines; {@code current} is the running configuration, whose node indexes are kept. */
    static Result read(List<String> text, ClusterDefinition current) {
        List<LineError> errors = new ArrayList<>();
        Map<Object, Integer> lines = new IdentityHashMap<>();
        List<VirtualService> services = new ArrayList<>();
        List<Pool> pools = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        PortSpace portSpace = PortSpace.DISABLED; // the file is the whole configuration: no line, no port space
        int portSpaceLine = 0;
        List<Integer> nodeLines = new ArrayList<>();
        List<Integer> ruleLines = new ArrayList<>();
        List<HealthCheck> checks = new ArrayList<>();
        AgentSettings agent = null;
        int agentLine = 0;
        for (int i = 0; i < text.size(); i++) {
            int no = i + 1;
            try {
                List<String> words = Words.split(text.get(i));
                if (words.isEmpty()) {
                    continue;
                }
                Object item = item(words);
                if (item instanceof VirtualService s) {
                    services.add(s);
                } else if (item instanceof Pool p) {
                    pools.add(p);
                } else if (item instanceof Node n) {
                    nodes.add(n);
                    nodeLines.add(no);
                    continue;
                } else if (item instanceof Rule r) {
                    rules.add(r);
                    ruleLines.add(no);
                    continue;
                } else if (item instanceof HealthCheck c) {
                    HealthCheck twice = checks.stream().filter(x -> x.pool().equals(c.pool())).findFirst().orElse(null);
                    if (twice != null) {
                        throw new IllegalArgumentException("the health check of pool " + c.pool() + " is already set on line "
                                + lines.get(twice) + "; keep one health set line per pool");
                    }
                    checks.add(c);
                } else if (item instanceof AgentLine a) {
                    if (agentLine > 0) {
                        throw new IllegalArgumentException("the agent receiver is already set on line " + agentLine
                                + "; keep one agent line");
                    }
                    agent = a.settings();
                    agentLine = no;
                    if (agent == null) {
                        continue;
                    }
                    item = agent;
                } else if (portSpaceLine > 0) {
                    throw new IllegalArgumentException("the port space is already set on line " + portSpaceLine
                            + "; keep one portspace line");
                } else {
                    portSpace = (PortSpace) item;
                    portSpaceLine = no;
                }
                lines.put(item, no);
            } catch (IllegalArgumentException e) {
                errors.add(new LineError(no, e.getMessage()));
            }
        }
        nodes = FileDefaults.withIndexes(nodes, current.nodes());
        rules = FileDefaults.withIds(rules);
        for (int i = 0; i < nodes.size(); i++) {
            lines.put(nodes.get(i), nodeLines.get(i));
        }
        for (int i = 0; i < rules.size(); i++) {
            lines.put(rules.get(i), ruleLines.get(i));
        }
        for (HealthCheck c : checks) {
            if (pools.stream().noneMatch(p -> p.name().equals(c.pool()))) {
                errors.add(new LineError(lines.get(c), "health check of pool " + c.pool() + ": the file has no pool " + c.pool()
                        + " (pool add " + c.pool() + " ...)"));
            }
        }
        return new Result(new ClusterDefinition(services, pools, nodes, rules, portSpace), lines, errors, List.copyOf(checks), agent);
    }

    /** An {@code agent set} or {@code agent off} line: the settings, or null for off. */
    private record AgentLine(AgentSettings settings) {
    }

    private static Object item(List<String> words) {
        String noun = words.get(0).startsWith("rookery:") ? words.get(0).substring("rookery:".length()) : words.get(0);
        String verb = words.size() > 1 ? words.get(1) : "";
        Object[] args = words.subList(1, words.size()).toArray();
        switch (noun + " " + verb) {
            case "service add":
                return ItemArgs.service(args);
            case "pool add":
                return ItemArgs.pool(args);
            case "node add":
                return ItemArgs.node(args);
            case "rule add": {
                Args a = ItemArgs.ruleArgs(args);
                if (a.has("--pos")) {
                    throw a.error("--pos has no place in a file: rules apply in the order of their lines");
                }
                return ItemArgs.rule(a);
            }
            case "portspace set":
                return ItemArgs.portSpace(args);
            case "portspace off":
                Args.parse(args, 1, Set.of(), "portspace off").positional();
                return PortSpace.DISABLED;
            case "health set":
                return HealthChecks.parse(HealthChecks.setArgs(args), null);
            case "agent set":
                return new AgentLine(AgentCommands.parse(args));
            case "agent off":
                Args.parse(args, 1, Set.of(), "agent off").positional();
                return new AgentLine(null);
            default:
                throw new IllegalArgumentException("'" + (noun + " " + verb).trim() + "' does not belong in a configuration"
                        + " file; expected service add, pool add, node add, rule add, portspace set, portspace off, health set,"
                        + " agent set or agent off");
        }
    }
}
