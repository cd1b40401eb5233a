package org.rookery.commands.internal;

import java.util.Set;

import org.rookery.api.model.Cidr;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;

/**
 * Builds services, pools, nodes, rules and the port space from the words of their {@code add} (or
 * {@code set}) verb. The shell commands and configuration files both use it, so a file line and a
 * typed command accept the same flags and refuse the same mistakes with the same one line.
 */
final class ItemArgs {

    static final String SERVICE_ADD = "service add NAME --vip ADDR --port P[-Q] [--proto tcp|udp] --pool POOL"
            + " [--mode dr|nat|tun|proxy] [--iface IF]";
    static final String POOL_ADD = "pool add NAME [--policy NAME] [--option KEY=VALUE]...";
    static final String NODE_ADD = "node add POOL NAME --addr IP[:PORT] [--mac MAC] [--weight W] [--index I]"
            + " [--state up|down|draining|disabled]";
    static final String RULE_ADD = "rule add [--pos N] [--id ID] [--proto P] [--src CIDR] [--dst ADDR] [--dport P[-Q]]"
            + " [--iface IF] --to pool:NAME|node:POOL/NAME|local|drop";
    static final String PORTSPACE_SET = "portspace set --base B --slice S";

    private ItemArgs() {
    }

    /** {@code args[0]} is the verb; the words after it describe a service. */
    static VirtualService service(Object[] args) {
        Args a = Args.parse(args, 1, Set.of("--vip", "--port", "--proto", "--pool", "--mode", "--iface"), SERVICE_ADD)
                .positional("NAME");
        try {
            return new VirtualService(a.word(0), IpAddress.parse(a.require("--vip")),
                    a.has("--proto") ? Protocol.parse(a.get("--proto")) : Protocol.TCP,
                    PortRange.parse(a.require("--port")), a.require("--pool"),
                    a.has("--mode") ? ForwardingMethod.parse(a.get("--mode")) : ForwardingMethod.PROXY, a.get("--iface"));
        } catch (IllegalArgumentException e) {
            throw withUsage(a, e);
        }
    }

    /** A pool; without {@code --policy} it uses {@link Pool#DEFAULT_POLICY}. */
    static Pool pool(Object[] args) {
        Args a = Args.parse(args, 1, Set.of("--policy", "--option"), POOL_ADD).positional("NAME");
        try {
            return new Pool(a.word(0), a.get("--policy"), a.keyValues("--option"));
        } catch (IllegalArgumentException e) {
            throw withUsage(a, e);
        }
    }

    /** A node; without {@code --index} its index is -1, for the caller to assign. */
    static Node node(Object[] args) {
        Args a = Args.parse(args, 1, Set.of("--addr", "--mac", "--weight", "--index", "--state"), NODE_ADD)
                .positional("POOL", "NAME");
        try {
            Endpoint e = Endpoint.parse(a.require("--addr"));
            return new Node(a.word(0), a.word(1), e.address(), e.port(), a.get("--mac"),
                    a.integer("--weight", 0, Node.MAX_WEIGHT, 1),
                    a.has("--state") ? NodeState.parse(a.get("--state")) : NodeState.UP, a.integer("--index", -1, 65535, -1));
        } catch (IllegalArgumentException e) {
            throw withUsage(a, e);
        }
    }

    /** The parsed words of {@code rule add}, for {@link #rule(Args)} and the caller's {@code --pos}. */
    static Args ruleArgs(Object[] args) {
        return Args.parse(args, 1, Set.of("--pos", "--id", "--proto", "--src", "--dst", "--dport", "--iface", "--to"),
                RULE_ADD).positional();
    }

    /** A rule; without {@code --id} its id is 0, for the cluster to assign. */
    static Rule rule(Args a) {
        try {
            return new Rule(a.integer("--id", 1, Integer.MAX_VALUE, 0), a.has("--proto") ? Protocol.numberOf(a.get("--proto")) : 0,
                    a.has("--src") ? Cidr.parse(a.get("--src")) : null,
                    a.has("--dst") ? Cidr.parse(a.get("--dst")) : null,
                    a.has("--dport") ? PortRange.parse(a.get("--dport")) : null,
                    a.get("--iface"), Verdict.parse(a.require("--to")));
        } catch (IllegalArgumentException e) {
            throw withUsage(a, e);
        }
    }

    /** The port space of {@code portspace set}. */
    static PortSpace portSpace(Object[] args) {
        Args a = Args.parse(args, 1, Set.of("--base", "--slice"), PORTSPACE_SET).positional();
        try {
            a.require("--base");
            a.require("--slice");
            return new PortSpace(a.integer("--base", 1, 65535, 0), a.integer("--slice", 1, 65535, 0));
        } catch (IllegalArgumentException e) {
            throw withUsage(a, e);
        }
    }

    /** The model's reason with the usage after it, unless {@link Args} already added it. */
    private static IllegalArgumentException withUsage(Args a, IllegalArgumentException e) {
        return e.getMessage() != null && e.getMessage().contains("; usage: ") ? e : a.error(e.getMessage());
    }
}
