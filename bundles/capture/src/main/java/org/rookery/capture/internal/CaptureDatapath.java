package org.rookery.capture.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rookery.api.cluster.ClusterListener;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.datapath.Datapath;
import org.rookery.api.datapath.LatencyHistogram;
import org.rookery.api.datapath.NodeTraffic;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.VirtualService;

/**
 * The live packet datapath: one {@link InterfaceCapture} per interface named by a dr, nat or tun
 * service, started, re-tabled or stopped at every cluster change (the cluster finds this component
 * as a {@link ClusterListener} and {@link Datapath} in the registry, so there is no reference cycle).
 * A service the host cannot serve ({@link KernelCheck}) is refused by {@link #check} when added, and
 * left out with one logged line when it comes from a stored configuration.
 */
@Component(service = {Datapath.class, ClusterListener.class, CaptureDatapath.class}, configurationPid = CaptureDatapath.PID,
        immediate = true)
@Designate(ocd = CaptureConfig.class)
public class CaptureDatapath implements Datapath, ClusterListener {

    /** The configuration PID. */
    public static final String PID = "org.rookery.capture";

    private static final Logger LOG = Logger.getLogger(CaptureDatapath.class.getName());
    /** The shortest snap length: a whole Ethernet frame of a 1500-byte MTU with a VLAN tag. */
    static final int MIN_SNAPLEN = 1518;
    /** The longest snap length: loopback's MTU of 65536 needs no more, since the datapath takes no GRO frames. */
    static final int MAX_SNAPLEN = 65_535;
    /** What a frame adds to the interface's MTU: the Ethernet header and one VLAN tag. */
    private static final int FRAME_OVERHEAD = 18;
    /** How often the interfaces' MTUs are compared with the captures' snap lengths. */
    private static final long MTU_WATCH_SECONDS = 5;

    private final Dispatcher dispatcher;
    private final BundleContext context;
    private final Host host;
    private final int workers;
    /** Bytes captured per frame; 0: from each interface's MTU (see {@link #snaplen(String)}). */
    private final int snaplen;
    private final int bufferBytes;
    private final int neighbourCapacity;
    private final InterfaceCapture.PortOpener opener;
    private final KernelGuard guard;
    private final Map<String, InterfaceCapture> captures = new TreeMap<>();
    private Map<String, String> problems = new TreeMap<>();
    /** Frames per sendmmsg, and whether sends bypass the qdisc: read by the default opener at each open. */
    private int sendBatch = PcapPort.DEFAULT_BATCH;
    private boolean qdiscBypass = true;
    /** Microseconds an idle worker keeps polling before it sleeps: read by the default opener at each open. */
    private int busyPollMicros;
    /** Checks every few seconds that each capture's snap length still fits its interface's MTU (null: not running). */
    private ScheduledExecutorService watch;
    /** Set once the component stops: nothing starts after. */
    private boolean stopped;
    /** False when the operator turned live capture off: no checks, no captures. */
    private boolean live = true;

    /** Built by DS; starts the captures of the services configured now. */
    @Activate
    public CaptureDatapath(@Reference Dispatcher dispatcher, BundleContext context, CaptureConfig config) {
        this(dispatcher, context, Host.system(), config.workers() > 0 ? config.workers() : Runtime.getRuntime().availableProcessors(),
                config.snaplen() == 0 ? 0 : bounded("snaplen", config.snaplen(), MIN_SNAPLEN, MAX_SNAPLEN),
                Math.max(1, config.buffer_mb()) << 20, config.neighbours(), null, new KernelGuard());
        this.sendBatch = bounded("send.batch", config.send_batch(), 1, 1024);
        this.qdiscBypass = config.qdisc_bypass();
        this.busyPollMicros = bounded("busy.poll.us", config.busy_poll_us(), 0, 10_000);
        this.live = config.enabled() && !"false".equalsIgnoreCase(context.getProperty("rookery.capture.enabled"));
        if (!live) {
            LOG.info("event=capture-disabled: dr, nat and tun services are stored and decided but not captured"
                    + " (org.rookery.capture enabled=false or framework property rookery.capture.enabled=false)");
        }
        reconcile();
        if (live && this.snaplen == 0) {
            watch = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rookery-capture-mtu-watch");
                t.setDaemon(true);
                return t;
            });
            watch.scheduleWithFixedDelay(this::followInterfaces, MTU_WATCH_SECONDS, MTU_WATCH_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** {@code value} kept within [min, max]; a value outside is logged with what is used instead, so a typo shows. */
    private static int bounded(String key, int value, int min, int max) {
        int used = Math.max(min, Math.min(max, value));
        if (used != value) {
            LOG.warning("event=capture-setting-adjusted pid=" + PID + " " + key + "=" + value + " is outside ["
                    + min + ", " + max + "]; using " + used);
        }
        return used;
    }

    /** For tests: another host view and port opener (null: libpcap). */
    CaptureDatapath(Dispatcher dispatcher, BundleContext context, Host host, int workers, int snaplen, int bufferBytes,
                    int neighbourCapacity, InterfaceCapture.PortOpener opener, KernelGuard guard) {
        this.guard = guard;
        this.dispatcher = dispatcher;
        this.context = context;
        this.host = host;
        this.workers = workers;
        this.snaplen = snaplen;
        this.bufferBytes = bufferBytes;
        this.neighbourCapacity = neighbourCapacity;
        this.opener = opener != null ? opener : (iface, snap, filter) -> PcapPort.open(iface, snap, bufferBytes, filter, sendBatch,
                qdiscBypass, busyPollMicros);
    }

    /**
     * The snap length on {@code iface}: the configured one, or the interface's MTU plus an Ethernet header
     * and a VLAN tag. Each frame takes that much of libpcap's ring, so a ring sized for 9 KB frames when
     * the MTU is 1500 spreads the frames over six times the memory, and the cache and TLB misses with them.
     */
    int snaplen(String iface) {
        return snaplen > 0 ? snaplen : Math.max(MIN_SNAPLEN, Math.min(MAX_SNAPLEN, host.mtu(iface) + FRAME_OVERHEAD));
    }

    /**
     * Whether a capture's handles are sized for an MTU its interface no longer has; the watch then applies
     * the cluster again, which restarts that capture (see {@link #apply}).
     */
    synchronized boolean sizedForAnOldMtu() {
        for (Map.Entry<String, InterfaceCapture> e : captures.entrySet()) {
            // a vanished interface has no MTU: its workers reopen it themselves when it is back
            if (host.nic(e.getKey()) != null && e.getValue().snaplen() != snaplen(e.getKey())) {
                return true;
            }
        }
        return false;
    }

    /** The watch's round: re-applies the cluster when an interface's MTU changed; never throws (it would stop the watch). */
    private void followInterfaces() {
        try {
            if (sizedForAnOldMtu()) {
                reconcile();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "capture: checking the interfaces' MTU failed", e);
        }
    }

    /** Stops every capture. */
    @Deactivate
    public synchronized void stop() {
        stopped = true; // a watch round already past its check must not start captures again
        if (watch != null) {
            watch.shutdownNow();
            watch = null;
        }
        captures.forEach((iface, c) -> {
            c.stop();
            guard.remove(iface);
            LOG.info("event=capture-stop iface=" + iface);
        });
        captures.clear();
    }

    @Override
    public void clusterChanged(String what) {
        reconcile();
    }

    /** Reads the live cluster and applies it. */
    void reconcile() {
        ServiceReference<?> ref = context == null ? null : ClusterRef.find(context);
        ClusterService cluster = ref == null ? null : (ClusterService) context.getService(ref);
        if (cluster == null) {
            return; // the cluster is starting or stopping; its next change tells again
        }
        try {
            apply(cluster.services(), cluster.nodes(null), cluster.portSpace());
        } finally {
            context.ungetService(ref);
        }
    }

    /** Starts, updates and stops captures so that exactly the servable packet services run. */
    synchronized void apply(List<VirtualService> services, List<NodeStatus> nodes, PortSpace space) {
        if (!live || stopped) {
            return;
        }
        Map<String, List<VirtualService>> byIface = new TreeMap<>();
        Map<String, String> found = new TreeMap<>();
        for (VirtualService s : services) {
            if (s.method() == ForwardingMethod.PROXY) {
                continue;
            }
            String p = KernelCheck.problem(s, host);
            if (p != null) {
                found.put(s.name(), p);
                continue;
            }
            byIface.computeIfAbsent(s.iface(), i -> new ArrayList<>()).add(s);
        }
        for (String iface : new ArrayList<>(captures.keySet())) {
            if (!byIface.containsKey(iface)) {
                captures.remove(iface).stop();
                guard.remove(iface);
                LOG.info("event=capture-stop iface=" + iface);
            }
        }
        byIface.forEach((iface, list) -> {
            InterfaceCapture running = captures.get(iface);
            Neighbours neighbours = running != null ? running.neighbours() : new Neighbours(neighbourCapacity);
            InterfaceTable table = table(iface, list, nodes, space, neighbours);
            String guarded = guard.install(iface, list, space);
            if (guarded != null && KernelGuard.anyLocal(list, host)) {
                // the kernel would answer the VIP's connections itself: better not to run than to run half
                list.forEach(s -> found.put(s.name(), "service " + s.name() + " (" + s.method() + "): its VIP is an address"
                        + " of this host and the nftables guard keeping the kernel off its ports failed: " + guarded));
                if (running != null) {
                    captures.remove(iface).stop();
                }
                return;
            }
            if (guarded != null) {
                LOG.fine("no nftables guard on " + iface + " (" + guarded + "); none needed, no VIP is local");
            }
            CaptureCounters counters = running != null ? running.counters() : new CaptureCounters(dispatcher);
            int snap = snaplen(iface);
            if (running != null && running.snaplen() != snap) {
                // the interface's MTU changed: handles sized for the old frames would drop the longer ones.
                // New handles; the neighbours and counters go on (the flows live in the dispatcher).
                LOG.info("event=capture-restart iface=" + iface + " snaplen=" + running.snaplen() + " now=" + snap
                        + ": the interface's MTU changed");
                captures.remove(iface).stop();
                running = null;
            }
            if (running != null) {
                running.table(table);
                return;
            }
            InterfaceCapture c = new InterfaceCapture(iface, workers, snap, dispatcher, opener, neighbours,
                    counters, table);
            try {
                c.start();
                captures.put(iface, c);
                LOG.info("event=capture-start iface=" + iface + " workers=" + workers + " snaplen=" + c.snaplen() + " services="
                        + String.join(",", list.stream().map(VirtualService::name).toList()));
            } catch (IllegalArgumentException e) {
                list.forEach(s -> found.put(s.name(), "service " + s.name() + " (" + s.method() + "): " + e.getMessage()));
            }
        });
        found.forEach((name, p) -> {
            if (!p.equals(problems.get(name))) {
                LOG.warning("event=capture-problem service=" + name + " problem=\"" + p + "\"");
            }
        });
        problems = found;
    }

    private InterfaceTable table(String iface, List<VirtualService> list, List<NodeStatus> nodes, PortSpace space,
                                 Neighbours neighbours) {
        neighbours.loadKernelTable(host.arpTable(), iface, System.nanoTime());
        InterfaceTable.Builder b = new InterfaceTable.Builder(iface).own(host.mac(iface), host.ipv4(iface), host.mtu(iface))
                .nodes(nodes).portSpace(space).routes(Routes.read(host.routeTable(), iface)).localAddresses(host.localAddresses());
        list.forEach(b::service);
        return b.build();
    }

    /** {@code capture}. */
    @Override
    public String name() {
        return "capture";
    }

    /** dr, nat and tun. */
    @Override
    public Set<ForwardingMethod> methods() {
        return Set.of(ForwardingMethod.DR, ForwardingMethod.NAT, ForwardingMethod.TUN);
    }

    /** The counters of every interface, summed. */
    @Override
    public synchronized Map<String, Long> counters() {
        Map<String, Long> sum = new LinkedHashMap<>();
        captures.values().forEach(c -> c.counters().snapshot().forEach((k, v) -> sum.merge(k, v, Long::sum)));
        return sum;
    }

    /** Per-frame latency by mode, summed over interfaces and workers; empty while nothing is captured. */
    @Override
    public synchronized Map<String, LatencyHistogram> packetLatency() {
        Map<String, LatencyHistogram> sum = new LinkedHashMap<>();
        captures.values().forEach(c -> c.counters().latency().forEach((k, v) -> sum.merge(k, v, LatencyHistogram::plus)));
        return sum;
    }

    /** Frame bytes to and from each node, summed over interfaces and workers. */
    @Override
    public synchronized Map<String, NodeTraffic> nodeTraffic() {
        Map<String, NodeTraffic> sum = new TreeMap<>();
        captures.values().forEach(c -> c.counters().traffic().forEach((k, v) -> sum.merge(k, v, NodeTraffic::plus)));
        return sum;
    }

    /** Refuses a service this host cannot serve: no such interface, VIP held by the kernel, forwarding on, no capture rights. */
    @Override
    public void check(VirtualService service) {
        if (service.method() == ForwardingMethod.PROXY || !live) {
            return;
        }
        String p = KernelCheck.problem(service, host);
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
        synchronized (this) {
            if (captures.containsKey(service.iface())) {
                return;
            }
        }
        try {
            opener.open(service.iface(), snaplen(service.iface()), InterfaceTable.NOTHING).close(); // a trial handle: rights and libpcap itself
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("service " + service.name() + " (" + service.method() + "): " + e.getMessage(), e);
        }
    }

    /** One line per capture and per refused service, for the {@code capture} command. */
    synchronized String status() {
        StringBuilder sb = new StringBuilder();
        captures.forEach((iface, c) -> {
            InterfaceTable t = c.table();
            sb.append("capture ").append(iface).append(" workers=").append(c.workers()).append(" snaplen=").append(c.snaplen())
                    .append(" services=")
                    .append(String.join(",", t.services.stream().map(VirtualService::name).toList()));
            c.counters().snapshot().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            sb.append('\n');
            c.counters().latency().forEach((mode, h) -> {
                if (h.count() > 0) {
                    sb.append("  latency ").append(mode).append(' ').append(h).append('\n');
                }
            });
        });
        problems.forEach((name, p) -> sb.append("not running: ").append(p).append('\n'));
        if (!live) {
            return "live capture is off (org.rookery.capture enabled=false or rookery.capture.enabled=false):"
                    + " dr, nat and tun services are decided but not captured";
        }
        return sb.length() == 0 ? "no dr, nat or tun service: nothing captured" : sb.toString().stripTrailing();
    }

    /** The running capture of an interface, or null (tests). */
    synchronized InterfaceCapture capture(String iface) {
        return captures.get(iface);
    }

    /** The problems of services left out, by service name (tests). */
    synchronized Map<String, String> problems() {
        return Map.copyOf(problems);
    }
}
