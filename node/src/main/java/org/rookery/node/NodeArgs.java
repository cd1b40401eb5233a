package org.rookery.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rookery.agent.AgentConfig;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;

/** The command line of {@code rookery-node}, checked whole: every mistake is one line with the usage. */
final class NodeArgs {

    static final String USAGE = "rookery-node [run|autobind show|autobind apply] --frontend ADDR[:PORT] --node NAME --key FILE"
            + " [--vip VIP] [--index I --base B --slice S] [--service-ports P[,P-Q]...] [--interval SECONDS]"
            + " [--weight-hint W] [--route] [--no-autobind] [--proc DIR]";
    private static final Set<String> VALUED = Set.of("--frontend", "--node", "--key", "--vip", "--index", "--base", "--slice",
            "--service-ports", "--interval", "--weight-hint", "--proc");
    private static final Set<String> SWITCHES = Set.of("--route", "--no-autobind");

    final List<String> words = new ArrayList<>();
    final Map<String, String> flags = new LinkedHashMap<>();

    static NodeArgs parse(String[] args) {
        NodeArgs a = new NodeArgs();
        for (int i = 0; i < args.length; i++) {
            String w = args[i];
            if (SWITCHES.contains(w)) {
                a.flags.put(w, "true");
            } else if (VALUED.contains(w)) {
                if (i + 1 >= args.length) {
                    throw error("option " + w + " needs a value");
                }
                if (a.flags.put(w, args[++i]) != null) {
                    throw error("option " + w + " given twice");
                }
            } else if (w.startsWith("--")) {
                throw error("unknown option " + w);
            } else {
                a.words.add(w);
            }
        }
        String cmd = String.join(" ", a.words);
        if (!cmd.isEmpty() && !cmd.equals("run") && !cmd.equals("autobind show") && !cmd.equals("autobind apply")) {
            throw error("unknown command '" + cmd + "'");
        }
        return a;
    }

    static IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + "; usage: " + USAGE);
    }

    String command() {
        return words.isEmpty() ? "run" : String.join(" ", words);
    }

    boolean has(String flag) {
        return flags.containsKey(flag);
    }

    String require(String flag) {
        String v = flags.get(flag);
        if (v == null) {
            throw error("missing " + flag);
        }
        return v;
    }

    int integer(String flag, int min, int max, int dflt) {
        String v = flags.get(flag);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw error(flag + " '" + v + "' is not a whole number in " + min + "-" + max);
    }

    List<PortRange> servicePorts() {
        List<PortRange> out = new ArrayList<>();
        String v = flags.get("--service-ports");
        if (v != null) {
            for (String s : v.split(",")) {
                try {
                    out.add(PortRange.parse(s.trim()));
                } catch (IllegalArgumentException e) {
                    throw error("--service-ports: " + e.getMessage());
                }
            }
        }
        return out;
    }

    /** The port space and index given on the command line, or null when none of the three is given. */
    PortSpace space() {
        boolean any = has("--index") || has("--base") || has("--slice");
        if (!any) {
            return null;
        }
        if (!(has("--index") && has("--base") && has("--slice"))) {
            throw error("--index, --base and --slice go together (or leave all three out to ask the front-end)");
        }
        try {
            return new PortSpace(integer("--base", 1, 65535, 0), integer("--slice", 1, 65535, 0));
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    AgentConfig agentConfig() {
        double interval;
        try {
            interval = has("--interval") ? Double.parseDouble(flags.get("--interval")) : 1.0;
        } catch (NumberFormatException e) {
            throw error("--interval '" + flags.get("--interval") + "' is not a number of seconds");
        }
        try {
            return new AgentConfig(AgentConfig.parseFrontend(require("--frontend")), require("--node"), Path.of(require("--key")),
                    (int) Math.round(interval * 1000), servicePorts(), integer("--weight-hint", 0, 65535, -1),
                    has("--proc") ? Path.of(flags.get("--proc")) : null);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().contains("; usage:") ? e : error(e.getMessage());
        }
    }
}
