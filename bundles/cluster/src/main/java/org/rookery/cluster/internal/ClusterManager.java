package org.rookery.cluster.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rookery.api.classify.ClassificationChain;
import org.rookery.api.cluster.ClusterAdminService;
import org.rookery.api.cluster.ClusterDefinition;
import org.rookery.api.cluster.ClusterListener;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.InvalidDefinitionException;
import org.rookery.api.cluster.InvalidDefinitionException.Problem;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.conntrack.ConnectionTable;
import org.rookery.api.datapath.Datapath;
import org.rookery.api.load.NodeLoad;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.api.policy.PoolSelector;

/**
 * Owns the cluster configuration (services, pools, nodes, rules, port space) and its runtime form.
 * Every change is validated whole on a copy, written to the store, and then published as a new
 * runtime state; listeners (the classification chain) are told afterwards. Policies are tracked as
 * services by name: a pool whose policy is absent runs on the round-robin fallback and returns to its
 * policy when it reappears.
 */
@Component(service = {ClusterService.class, ClusterAdminService.class, ClusterRuntime.class, ConfigurationListener.class},
        immediate = true)
public class ClusterManager implements ClusterService, ClusterAdminService, ClusterRuntime, ConfigurationListener {

    private static final Logger LOG = Logger.getLogger(ClusterManager.class.getName());

    private final ConfigStore store;
    private final ConnectionTable conntrack;
    private final NodeIds ids = new NodeIds();
    private final Counters counters = new Counters();
    private final PolicyRegistry policies = new PolicyRegistry();
    private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** Keys of nodes failing their health checks: run-time only, never stored (as keepalived and HAProxy do). */
    private final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
    private volatile RuntimeState state;

    /** The chain when built directly (tests); under DS it is looked up when asked, see {@link #defaultVerdict()}. */
    private volatile ClassificationChain chain;

    /** Set under DS: listeners are then looked up as services at each change. */
    private volatile BundleContext context;

    /** Built by DS: the configuration lives in Config Admin. */
    @Activate
    public ClusterManager(@Reference ConfigurationAdmin cm, @Reference ConnectionTable conntrack, BundleContext context) {
        this(new ConfigAdminStore(cm), conntrack);
        this.context = context;
    }

    /** Built directly (tests, benchmarks, replay) with a store of the caller's choice. */
    ClusterManager(ConfigStore store, ConnectionTable conntrack) {
        this.store = store;
        this.conntrack = conntrack;
        this.state = RuntimeState.build(ClusterConfig.EMPTY, ids, counters, conntrack);
        reload();
    }

    // ---- policies and listeners, tracked dynamically ----

    /** A policy service arrived: pools naming it switch to it. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPolicy(ServiceReference<DistributionPolicy> ref, DistributionPolicy policy) {
        Object name = ref.getProperty(DistributionPolicy.NAME_PROPERTY);
        if (name == null) {
            LOG.warning("policy service " + ref.getProperty(Constants.SERVICE_ID) + " has no policy.name; ignored");
            return;
        }
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        policies.add(new PolicyRegistry.Entry(policy, name.toString(), ranking instanceof Integer i ? i : 0,
                (Long) ref.getProperty(Constants.SERVICE_ID), ref.getBundle() == null ? -1 : ref.getBundle().getBundleId()));
        LOG.info(Events.line("policy-registered", "policy", name, "bundle",
                ref.getBundle() == null ? -1 : ref.getBundle().getBundleId()));
        reselect();
    }

    /** A policy service left: pools naming it fall back to round robin at once. */
    void removePolicy(ServiceReference<DistributionPolicy> ref) {
        policies.remove((Long) ref.getProperty(Constants.SERVICE_ID));
        LOG.info(Events.line("policy-unregistered", "policy", ref.getProperty(DistributionPolicy.NAME_PROPERTY)));
        reselect();
    }

    /** Registers a policy directly (tests, benchmarks, replay). */
    public void addPolicy(DistributionPolicy policy, long serviceId) {
        policies.add(new PolicyRegistry.Entry(policy, policy.name(), 0, serviceId, -1));
        reselect();
    }

    /** Unregisters a policy registered with {@link #addPolicy(DistributionPolicy, long)}. */
    public void removePolicy(long serviceId) {
        policies.remove(serviceId);
        reselect();
    }

    /** Sets the chain directly (tests, benchmarks); under DS it is looked up in the registry when asked. */
    void chain(ClassificationChain c) {
        chain = c;
    }

    /** Adds a listener directly (tests, benchmarks); under DS listeners are whiteboard services. */
    public void addListener(ClusterListener l) {
        listeners.add(l);
    }

    /** Registered policies by name, for the policies command. */
    Map<String, List<PolicyRegistry.Entry>> policies() {
        return policies.all();
    }

    // ---- configuration from the store ----

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getFactoryPid() != null ? event.getFactoryPid() : event.getPid();
        if (pid != null && pid.startsWith("org.rookery.") && !pid.equals("org.rookery.shell")) {
            reload();
        }
    }

    /** Reads the whole configuration from the store and publishes it if it changed. */
    void reload() {
        List<String> problems = new ArrayList<>();
        String changed = null;
        synchronized (lock) {
            ClusterConfig loaded;
            try {
                loaded = store.load(problems);
            } catch (IOException e) {
                LOG.severe("cannot read the cluster configuration: " + e.getMessage());
                return;
            }
            List<String> errors = loaded.errors();
            if (!errors.isEmpty()) {
                // Files edited by hand can be inconsistent; keep what is consistent and say what is not.
                loaded = consistentPart(loaded);
                problems.addAll(errors);
            }
            if (!loaded.equals(state.config)) {
                // a .cfg file or another Config Admin client changed it; our own changes arrive here equal
                changed = Events.change("read from Config Admin: " + Definitions.summary(state.config, loaded));
                publish(loaded);
            }
        }
        problems.forEach(p -> LOG.severe(Events.line("config-problem", "problem", p)));
        if (changed != null) {
            LOG.info(changed);
            notifyListeners(changed);
        }
    }

    private static ClusterConfig consistentPart(ClusterConfig c) {
        ClusterConfig r = c;
        for (VirtualService s : c.services.values()) {
            if (!c.pools.containsKey(s.pool())) {
                r = r.withoutService(s.name());
            }
        }
        for (Node n : c.nodes.values()) {
            if (!c.pools.containsKey(n.pool())) {
                r = r.withoutNode(n.key());
            }
        }
        ClusterConfig fixed = r;
        r = r.withRules(c.rules.stream().filter(rule -> fixed.withRules(List.of(rule)).errors().stream()
                .noneMatch(e -> e.startsWith("rule "))).toList());
        return r.errors().isEmpty() ? r : ClusterConfig.EMPTY.withPortSpace(c.portSpace);
    }

    // ---- changes ----

    /** Validates a change whole, stores it, publishes it, logs {@code event}; throws with every error and changes nothing. */
    private void apply(UnaryOperator<ClusterConfig> change, String event) {
        apply(change, (before, after) -> event);
    }

    /** As above, with the log line made from the configurations before and after. */
    private void apply(UnaryOperator<ClusterConfig> change, BiFunction<ClusterConfig, ClusterConfig, String> event) {
        String what;
        synchronized (lock) {
            ClusterConfig before = state.config;
            ClusterConfig after = change.apply(before);
            List<Problem> problems = after.problems();
            if (!problems.isEmpty()) {
                throw new InvalidDefinitionException(problems);
            }
            what = event.apply(before, after);
            try {
                store.save(before, after);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store the change: " + e.getMessage(), e);
            }
            for (Node gone : before.nodes.values()) {
                if (!after.nodes.containsKey(gone.key())) {
                    int id = ids.release(gone.key());
                    if (id >= 0) {
                        conntrack.removeNode(id);
                    }
                }
            }
            publish(after);
        }
        LOG.info(what);
        notifyListeners(what);
    }

    private void publish(ClusterConfig config) {
        unhealthy.retainAll(config.nodes.keySet()); // a deleted node's health goes with it
        RuntimeState next = RuntimeState.build(config, ids, counters, conntrack, Set.copyOf(unhealthy));
        for (PoolRuntime p : next.pools.values()) {
            PoolRuntime was = state.pools.get(p.pool.name());
            if (was != null) {
                // so that pointing a pool at an absent policy (or back) logs its fallback like a policy leaving does
                p.fallback = was.fallback;
                p.policyInUse = was.policyInUse;
            }
            select(p);
        }
        state = next;
    }

    private void reselect() {
        synchronized (lock) {
            for (PoolRuntime p : state.pools.values()) {
                select(p);
            }
        }
    }

    /** Gives a pool the selector of its named policy, or the round-robin fallback while that is absent. */
    private void select(PoolRuntime p) {
        DistributionPolicy policy = policies.find(p.pool.policy());
        PoolSelector selector = null;
        if (policy != null) {
            try {
                selector = policy.newSelector(p.view, p.pool.options());
            } catch (RuntimeException e) {
                LOG.severe(Events.line("policy-refused", "pool", p.pool.name(), "policy", p.pool.policy(),
                        "reason", e.getMessage(), "using", RoundRobinFallback.NAME));
            }
        }
        boolean fallback = selector == null;
        if (fallback) {
            selector = RoundRobinFallback.INSTANCE.newSelector(p.view, Map.of());
        }
        if (p.fallback != fallback && p.policyInUse != null) {
            if (fallback) {
                LOG.warning(Events.line("policy-fallback", "pool", p.pool.name(), "policy", p.pool.policy(),
                        "using", RoundRobinFallback.NAME, "reason", "policy not available"));
            } else {
                LOG.info(Events.line("policy-restored", "pool", p.pool.name(), "policy", p.pool.policy()));
            }
        }
        p.fallback = fallback;
        p.policyInUse = fallback ? RoundRobinFallback.NAME : p.pool.policy();
        p.selector = selector;
    }

    /**
     * Tells the listeners. Whiteboard listeners are looked up here rather than bound by DS: the chain
     * listens to the cluster and reads it, so binding it while the cluster activates would be a cycle.
     */
    private void notifyListeners(String what) {
        for (ClusterListener l : listeners) {
            tell(l, what);
        }
        BundleContext ctx = context;
        if (ctx == null) {
            return;
        }
        try {
            for (ServiceReference<ClusterListener> ref : ctx.getServiceReferences(ClusterListener.class, null)) {
                ClusterListener l = ctx.getService(ref);
                if (l != null) {
                    try {
                        tell(l, what);
                    } finally {
                        ctx.ungetService(ref);
                    }
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // the bundle is stopping; nobody is left to tell
        }
    }

    private static void tell(ClusterListener l, String what) {
        try {
            l.clusterChanged(what);
        } catch (RuntimeException e) {
            LOG.warning("cluster listener " + l + " failed: " + e);
        }
    }

    @Override
    public void addService(VirtualService s) {
        apply(c -> {
            if (c.services.containsKey(s.name())) {
                throw new IllegalArgumentException("service " + s.name() + " exists; delete it first or pick another name");
            }
            ClusterConfig next = c.withService(s);
            if (next.errors().isEmpty()) {
                checkDatapaths(s); // only a service that is otherwise right is worth a trial bind
            }
            return next;
        }, Events.change("service " + s.name() + " added"));
    }

    /** Lets the datapaths of the service's method refuse it (e.g. its port is in use) before it is stored. */
    private void checkDatapaths(VirtualService s) {
        BundleContext ctx = context;
        if (ctx == null) {
            return;
        }
        try {
            for (ServiceReference<Datapath> ref : ctx.getServiceReferences(Datapath.class, null)) {
                Datapath d = ctx.getService(ref);
                if (d != null) {
                    try {
                        if (d.methods().contains(s.method())) {
                            d.check(s);
                        }
                    } finally {
                        ctx.ungetService(ref);
                    }
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // the bundle is stopping; no datapath is left to ask
        }
    }

    @Override
    public void removeService(String name) {
        apply(c -> c.withoutService(existing(c.services, "service", name).name()), Events.change("service " + name + " deleted"));
    }

    @Override
    public void addPool(String name, String policy, Map<String, String> options) {
        Pool pool = new Pool(name, policy, options);
        apply(c -> {
            if (c.pools.containsKey(name)) {
                throw new IllegalArgumentException("pool " + name + " exists; use 'pool set' to change it");
            }
            return c.withPool(pool);
        }, Events.change("pool " + name + " added"));
    }

    @Override
    public void setPoolPolicy(String name, String policy, Map<String, String> options) {
        apply(c -> {
            Pool old = existing(c.pools, "pool", name);
            Map<String, String> merged = new LinkedHashMap<>(old.options());
            if (options != null) {
                merged.putAll(options);
            }
            return c.withPool(new Pool(name, policy == null ? old.policy() : policy, merged));
        }, (before, after) -> {
            Pool was = before.pools.get(name);
            Pool now = after.pools.get(name);
            return was.policy().equals(now.policy()) ? Events.change("pool " + name + " options " + now.options())
                    : Events.line("policy-switch", "pool", name, "from", was.policy(), "to", now.policy());
        });
    }

    @Override
    public void removePool(String name) {
        apply(c -> {
            existing(c.pools, "pool", name);
            List<String> users = new ArrayList<>();
            c.services.values().stream().filter(s -> s.pool().equals(name)).forEach(s -> users.add("service " + s.name()));
            c.nodes.values().stream().filter(n -> n.pool().equals(name)).forEach(n -> users.add("node " + n.key()));
            if (!users.isEmpty()) {
                throw new IllegalArgumentException("pool " + name + " is still used by " + String.join(", ", users));
            }
            return c.withoutPool(name);
        }, Events.change("pool " + name + " deleted"));
    }

    @Override
    public void addNode(Node node) {
        apply(c -> {
            existing(c.pools, "pool", node.pool());
            if (c.nodes.containsKey(node.key())) {
                throw new IllegalArgumentException("node " + node.key() + " exists; use 'node set' to change it");
            }
            return c.withNode(node.index() >= 0 ? node : node.withIndex(c.freeIndex()));
        }, Events.change("node " + node.key() + " added"));
    }

    @Override
    public void setNodeWeight(String pool, String name, int weight) {
        apply(c -> c.withNode(existing(c.nodes, "node", pool + "/" + name).withWeight(weight)),
                Events.change("node " + pool + "/" + name + " weight " + weight));
    }

    @Override
    public void setNodeState(String pool, String name, NodeState nodeState) {
        String key = pool + "/" + name;
        apply(c -> c.withNode(existing(c.nodes, "node", key).withState(nodeState)),
                (before, after) -> Events.line("node-state", "node", key, "from", before.nodes.get(key).state(), "to", nodeState));
    }

    @Override
    public void setNodeLoad(String pool, String name, double load) {
        existing(state.config.nodes, "node", pool + "/" + name);
        if (!Double.isNaN(load) && (load < 0 || load > 1000)) {
            throw new IllegalArgumentException("load " + load + " is outside 0-1000 (1 = fully loaded)");
        }
        ScopeCounters c = counters.scope("node:" + pool + "/" + name);
        c.loadValidUntil = Long.MAX_VALUE; // set by hand: never stale, until the next report
        c.load = Double.isNaN(load) ? null : new NodeLoad(load, load, 0, 0, -1, System.currentTimeMillis());
    }

    @Override
    public void setNodeHealth(String pool, String name, boolean healthy, String reason) {
        String key = pool + "/" + name;
        String event;
        synchronized (lock) {
            Node n = state.config.nodes.get(key);
            if (n == null || (healthy ? !unhealthy.remove(key) : !unhealthy.add(key))) {
                return; // unknown (deleted meanwhile) or no change
            }
            publish(state.config);
            NodeState effective = state.nodesByKey.get(key).state;
            event = Events.line("node-health", "node", key, "from", healthy ? "failed" : "healthy",
                    "to", healthy ? "healthy" : "failed", "reason", reason, "operator-state", n.state(), "state", effective);
        }
        if (healthy) {
            LOG.info(event);
        } else {
            LOG.warning(event);
        }
        notifyListeners("node-health");
    }

    @Override
    public void reportLoad(String pool, String name, NodeLoad load, long validUntilMillis) {
        if (!state.config.nodes.containsKey(pool + "/" + name)) {
            return;
        }
        ScopeCounters c = counters.scope("node:" + pool + "/" + name);
        c.loadValidUntil = validUntilMillis;
        c.load = load;
    }

    @Override
    public void removeNode(String pool, String name) {
        apply(c -> c.withoutNode(existing(c.nodes, "node", pool + "/" + name).key()), Events.change("node " + pool + "/" + name + " deleted"));
    }

    @Override
    public Rule addRule(int position, Rule rule) {
        Rule[] added = new Rule[1];
        apply(c -> {
            if (rule.id() > 0 && c.rules.stream().anyMatch(r -> r.id() == rule.id())) {
                throw new IllegalArgumentException("rule id " + rule.id() + " exists; pick another id or leave --id out");
            }
            int id = rule.id() > 0 ? rule.id() : c.rules.stream().mapToInt(Rule::id).max().orElse(0) + 1;
            List<Rule> rules = new ArrayList<>(c.rules);
            int at = position <= 0 || position > rules.size() ? rules.size() : position - 1;
            added[0] = rule.withId(id);
            rules.add(at, added[0]);
            return c.withRules(rules);
        }, (before, after) -> Events.change("rule " + added[0].id() + " added"));
        return added[0];
    }

    @Override
    public void removeRule(int id) {
        apply(c -> {
            List<Rule> rules = new ArrayList<>(c.rules);
            if (!rules.removeIf(r -> r.id() == id)) {
                throw new IllegalArgumentException("no rule with id " + id + "; see 'rule list'");
            }
            return c.withRules(rules);
        }, Events.change("rule " + id + " deleted"));
    }

    @Override
    public void setPortSpace(PortSpace portSpace) {
        apply(c -> c.withPortSpace(portSpace), Events.change(portSpace.disabled() ? "port space off"
                : "port space base " + portSpace.base() + " slice " + portSpace.slice()));
    }

    @Override
    public void validate(ClusterDefinition definition) {
        checked(definition, state.config);
    }

    @Override
    public void replace(ClusterDefinition definition) {
        apply(before -> checked(definition, before),
                (before, after) -> Events.change("configuration replaced: " + Definitions.summary(before, after)));
    }

    /** The definition as a configuration, or an exception with every problem, datapaths' refusals included. */
    private ClusterConfig checked(ClusterDefinition definition, ClusterConfig before) {
        List<Problem> problems = new ArrayList<>();
        ClusterConfig next = Definitions.config(definition, problems);
        problems.addAll(next.problems());
        for (VirtualService s : next.services.values()) {
            if (!s.equals(before.services.get(s.name()))) {
                try {
                    checkDatapaths(s); // a new or changed service may be refused where it would run
                } catch (IllegalArgumentException e) {
                    problems.add(ClusterConfig.problem(e.getMessage(), s));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems);
        }
        return next;
    }

    private static <T> T existing(Map<String, T> items, String kind, String name) {
        T t = items.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no " + kind + " named " + name + "; see '" + kind + " list'");
        }
        return t;
    }

    // ---- reading ----

    @Override
    public RuntimeState state() {
        return state;
    }

    @Override
    public Counters counters() {
        return counters;
    }

    @Override
    public List<VirtualService> services() {
        return List.copyOf(state.config.services.values());
    }

    @Override
    public Optional<VirtualService> service(String name) {
        return Optional.ofNullable(state.config.services.get(name));
    }

    @Override
    public List<PoolStatus> pools() {
        RuntimeState s = state;
        List<PoolStatus> out = new ArrayList<>();
        s.config.pools.values().forEach(p -> {
            PoolRuntime r = s.pools.get(p.name());
            out.add(new PoolStatus(p, r.policyInUse, r.fallback, r.usableNodes()));
        });
        return out;
    }

    @Override
    public List<NodeStatus> nodes(String pool) {
        RuntimeState s = state;
        List<NodeStatus> out = new ArrayList<>();
        for (Node n : s.config.nodes.values()) {
            if (pool == null || n.pool().equals(pool)) {
                NodeRuntime r = s.nodesByKey.get(n.key());
                out.add(new NodeStatus(n, r.id, r.state, conntrack.activeConnections(r.id),
                        conntrack.inactiveConnections(r.id), r.counters.loadAt(System.currentTimeMillis())));
            }
        }
        return out;
    }

    @Override
    public List<Rule> rules() {
        return state.config.rules;
    }

    /**
     * Read from the chain service when asked, never through a DS reference: the chain needs this
     * service to be built, and SCR refuses such a cycle at start even for an optional reference.
     */
    @Override
    public Optional<Verdict> defaultVerdict() {
        ClassificationChain c = chain;
        if (c != null) {
            return Optional.of(c.defaultVerdict());
        }
        BundleContext ctx = context;
        try {
            ServiceReference<ClassificationChain> ref = ctx == null ? null : ctx.getServiceReference(ClassificationChain.class);
            if (ref == null) {
                return Optional.empty();
            }
            try {
                ClassificationChain found = ctx.getService(ref);
                return found == null ? Optional.empty() : Optional.of(found.defaultVerdict());
            } finally {
                ctx.ungetService(ref);
            }
        } catch (IllegalStateException e) {
            return Optional.empty(); // this bundle is stopping
        }
    }

    @Override
    public PortSpace portSpace() {
        return state.config.portSpace;
    }

    @Override
    public ClusterDefinition definition() {
        return Definitions.of(state.config);
    }

    @Override
    public Map<String, Map<String, Long>> stats() {
        RuntimeState s = state;
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (ServiceRuntime r : s.services) {
            out.put("service:" + r.service.name(), r.counters.snapshot());
        }
        for (PoolRuntime p : s.pools.values()) {
            out.put("pool:" + p.pool.name(), p.counters.snapshot());
        }
        for (NodeRuntime n : s.nodesByKey.values()) {
            Map<String, Long> m = n.counters.snapshot();
            m.put("active", (long) conntrack.activeConnections(n.id));
            m.put("inactive", (long) conntrack.inactiveConnections(n.id));
            out.put("node:" + n.node.key(), m);
        }
        Map<String, Long> ct = new LinkedHashMap<>(conntrack.counters());
        ct.put("size", (long) conntrack.size());
        ct.put("capacity", (long) conntrack.capacity());
        out.put("conntrack", ct);
        out.put("dispatcher", counters.dispatcher());
        out.put("drops", counters.drops());
        return sorted(out);
    }

    private static Map<String, Map<String, Long>> sorted(Map<String, Map<String, Long>> m) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        m.keySet().stream().sorted((a, b) -> order(a) != order(b) ? order(a) - order(b) : a.compareTo(b))
                .forEach(k -> out.put(k, m.get(k)));
        return out;
    }

    private static int order(String scope) {
        String kind = scope.contains(":") ? scope.substring(0, scope.indexOf(':')) : scope;
        return List.of("service", "pool", "node", "conntrack", "dispatcher", "drops").indexOf(kind);
    }
}
