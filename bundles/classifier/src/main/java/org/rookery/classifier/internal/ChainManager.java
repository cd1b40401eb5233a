package org.rookery.classifier.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Logger;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.rookery.api.classify.ClassificationChain;
import org.rookery.api.classify.Classifier;
import org.rookery.api.cluster.ClusterListener;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;
import org.rookery.classifier.Chain;
import org.rookery.classifier.PortSpaceClassifier;
import org.rookery.classifier.RuleClassifier;
import org.rookery.classifier.ServiceClassifier;

/**
 * The classification chain service. Its built-in links come from the cluster configuration (operator
 * rules at ranking {@value #RULES_RANKING}, the private port space at {@value #PORTSPACE_RANKING}, the
 * services at {@value #SERVICES_RANKING}); classifiers registered as services join by their
 * {@code service.ranking}, highest first. Any change builds a new immutable chain and publishes it with
 * one volatile write.
 */
@Component(service = {ClassificationChain.class, ClusterListener.class}, configurationPid = "org.rookery.classifier")
@Designate(ocd = ChainConfig.class)
public class ChainManager implements ClassificationChain, ClusterListener {

    static final int RULES_RANKING = 300;
    static final int PORTSPACE_RANKING = 200;
    static final int SERVICES_RANKING = 100;
    private static final Logger LOG = Logger.getLogger(ChainManager.class.getName());

    private final ClusterService cluster;
    private final Map<ServiceReference<Classifier>, Classifier> contributed = new ConcurrentSkipListMap<>(
            Comparator.reverseOrder()); // ServiceReference orders by ranking then age; reversed = highest first
    private volatile Verdict defaultVerdict = Verdict.LOCAL;
    private volatile Chain chain = new Chain(List.of(), Verdict.LOCAL);
    private volatile List<Rule> rules = List.of();

    /** Built by DS, or directly in tests. */
    @Activate
    public ChainManager(@Reference ClusterService cluster, ChainConfig config) {
        this.cluster = cluster;
        configure(config);
    }

    /** Applies a new default verdict. */
    @Modified
    void configure(ChainConfig config) {
        Verdict v;
        try {
            v = Verdict.parse(config.default_verdict());
        } catch (IllegalArgumentException e) {
            LOG.severe("org.rookery.classifier: " + e.getMessage() + "; keeping default verdict " + defaultVerdict);
            v = defaultVerdict;
        }
        defaultVerdict = v;
        rebuild();
    }

    /** A classifier service arrived. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addClassifier(ServiceReference<Classifier> ref, Classifier classifier) {
        contributed.put(ref, classifier);
        rebuild();
    }

    /** A classifier service left. */
    void removeClassifier(ServiceReference<Classifier> ref) {
        contributed.remove(ref);
        rebuild();
    }

    @Override
    public void clusterChanged(String what) {
        rebuild();
    }

    /** Builds and publishes a new chain from the current cluster and contributed classifiers. */
    public synchronized void rebuild() {
        if (cluster == null) {
            return; // during construction, before the cluster reference is set
        }
        List<Rule> currentRules = cluster.rules();
        List<VirtualService> services = cluster.services();
        List<IpAddress> vips = services.stream().map(VirtualService::vip).toList();
        Map<Integer, Verdict> slices = new TreeMap<>();
        for (NodeStatus n : cluster.nodes(null)) {
            if (n.node().index() >= 0) {
                slices.put(n.node().index(), Verdict.node(n.node().pool(), n.node().name()));
            }
        }
        TreeMap<Integer, List<Classifier>> byRanking = new TreeMap<>(Comparator.reverseOrder());
        add(byRanking, RULES_RANKING, new RuleClassifier(currentRules));
        add(byRanking, PORTSPACE_RANKING, new PortSpaceClassifier(cluster.portSpace(), vips, slices));
        add(byRanking, SERVICES_RANKING, new ServiceClassifier(services));
        contributed.forEach((ref, c) -> add(byRanking, ranking(ref), c));
        List<Classifier> links = new ArrayList<>();
        byRanking.values().forEach(links::addAll);
        rules = List.copyOf(currentRules);
        chain = new Chain(links, defaultVerdict);
    }

    private static void add(Map<Integer, List<Classifier>> byRanking, int ranking, Classifier c) {
        byRanking.computeIfAbsent(ranking, r -> new ArrayList<>()).add(c);
    }

    private static int ranking(ServiceReference<?> ref) {
        Object r = ref.getProperty(Constants.SERVICE_RANKING);
        return r instanceof Integer i ? i : 0;
    }

    @Override
    public Verdict classify(FlowKey key) {
        return chain.classify(key);
    }

    @Override
    public List<String> links() {
        return chain.names();
    }

    @Override
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public Verdict defaultVerdict() {
        return chain.defaultVerdict();
    }
}
