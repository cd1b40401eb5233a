package org.rookery.health.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rookery.api.cluster.ClusterAdminService;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.load.AgentProtocol;
import org.rookery.api.load.AgentSettings;
import org.rookery.api.load.LoadReceiver;
import org.rookery.api.model.Node;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.VirtualService;

/**
 * Receives the node agents' signed UDP reports (see {@link AgentProtocol}) and hands accepted loads to the
 * cluster, valid for {@code missed} report intervals. Drops are counted per reason: unsigned, wrongly
 * signed, replayed (sequence not above the last accepted one of that node), stale (timestamp further from
 * our clock than the max age), malformed, or from a node the cluster does not know. It also answers a node
 * asking for its port slice. One thread, blocking on the socket.
 * <p>
 * Replays over restarts: agents number their messages with their clock in microseconds, so a restarted agent
 * goes on above its last accepted sequence. The last sequences live in memory only, so after a restart of
 * the front-end a message of a node not heard from since is also dropped as replayed when it was sent before
 * this receiver started: anything older than its start is a captured message (or one in flight), and anything
 * older than the max age is stale anyway. A node whose clock lags ours loses its reports for that lag after
 * a front-end restart, at most the max age.
 */
@Component(service = {LoadReceiver.class, ConfigurationListener.class}, immediate = true)
public class AgentReceiver implements LoadReceiver, ConfigurationListener {

    private static final Logger LOG = Logger.getLogger(AgentReceiver.class.getName());
    /** The PID of the settings; {@code conf/org.rookery.agent.cfg}. */
    static final String PID = "org.rookery.agent";
    private static final List<String> COUNTERS = List.of("accepted", "slice-requests", "unsigned", "bad-signature",
            "replayed", "stale", "malformed", "unknown-node");
    private static final long DROP_LOG_EVERY_MILLIS = 60_000;

    private final ClusterService cluster;
    private final ClusterAdminService admin;
    private final ConfigurationAdmin cm;
    private final Map<String, LongAdder> counters = new LinkedHashMap<>();
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    /** Last accepted sequence by the name the agent sends. */
    private final Map<String, Long> lastSequence = new ConcurrentHashMap<>();
    /** Last accepted report by {@code pool/node}. */
    private final Map<String, Long> lastReport = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** When this receiver started (our clock, ms): a node's first message must not be older. */
    private final long startedMillis;
    private volatile AgentSettings settings;
    private volatile byte[] key;
    private DatagramChannel channel;
    private Thread thread;

    /** Built by DS; starts receiving when settings are stored. */
    @Activate
    public AgentReceiver(@Reference ClusterService cluster, @Reference ClusterAdminService admin,
                         @Reference ConfigurationAdmin cm) {
        this(cluster, admin, cm, true);
    }

    /** Built directly (tests): {@code cm} may be null, then nothing is stored. */
    AgentReceiver(ClusterService cluster, ClusterAdminService admin, ConfigurationAdmin cm, boolean readStored) {
        this(cluster, admin, cm, readStored, System.currentTimeMillis());
    }

    /** Built directly with the time it started (tests of restarts). */
    AgentReceiver(ClusterService cluster, ClusterAdminService admin, ConfigurationAdmin cm, boolean readStored, long startedMillis) {
        this.startedMillis = startedMillis;
        this.cluster = cluster;
        this.admin = admin;
        this.cm = cm;
        COUNTERS.forEach(c -> counters.put(c, new LongAdder()));
        if (readStored) {
            applyStored();
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            stop();
        }
    }

    // ---- settings ----

    @Override
    public AgentSettings settings() {
        return settings;
    }

    @Override
    public void configure(AgentSettings s) {
        synchronized (lock) {
            if (s == null) {
                stop();
                settings = null;
                store(null);
                LOG.info("event=config-change what=\"agent receiver off\"");
                return;
            }
            apply(s);
            store(s);
        }
        LOG.info("event=config-change what=\"agent receiver on " + s.address() + ":" + s.port() + " key " + s.keyFile() + "\"");
    }

    /** Reads the key and binds; on any problem throws one line and keeps what ran before. */
    private void apply(AgentSettings s) {
        byte[] k = readKey(s.keyFile());
        AgentSettings old = settings;
        if (old != null && channel != null && old.address().equals(s.address()) && old.port() == s.port()) {
            key = k; // same socket: only the key and the limits change
            settings = s;
            return;
        }
        DatagramChannel ch;
        try {
            ch = DatagramChannel.open();
            ch.bind(new InetSocketAddress(InetAddress.getByName(s.address()), s.port()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot receive agent reports on udp " + s.address() + ":" + s.port()
                    + ": " + e.getMessage());
        }
        stop();
        key = k;
        settings = s;
        channel = ch;
        thread = new Thread(() -> receive(ch), "rookery-agent-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    static byte[] readKey(String file) {
        Path p = Path.of(file);
        try {
            return AgentProtocol.key(Files.readAllBytes(p), file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getMessage());
        }
    }

    private void stop() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel = null;
            thread = null;
        }
    }

    private void store(AgentSettings s) {
        if (cm == null) {
            return;
        }
        try {
            Configuration c = cm.getConfiguration(PID, "?");
            if (s == null) {
                c.delete();
                return;
            }
            Dictionary<String, Object> p = new Hashtable<>();
            p.put("address", s.address());
            p.put("port", String.valueOf(s.port()));
            p.put("key.file", s.keyFile());
            p.put("missed", String.valueOf(s.missed()));
            p.put("max.age.ms", String.valueOf(s.maxAgeMillis()));
            c.updateIfDifferent(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the agent settings: " + e.getMessage(), e);
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (PID.equals(event.getPid())) {
            applyStored();
        }
    }

    private void applyStored() {
        if (cm == null) {
            return;
        }
        try {
            Configuration[] cs = cm.listConfigurations("(service.pid=" + PID + ")");
            synchronized (lock) {
                if (cs == null || cs.length == 0 || cs[0].getProperties() == null) {
                    if (settings != null) {
                        stop();
                        settings = null;
                    }
                    return;
                }
                Dictionary<String, Object> p = cs[0].getProperties();
                AgentSettings s = new AgentSettings(HealthConfigs.str(p, "address", "0.0.0.0"), HealthConfigs.num(p, "port", 0),
                        HealthConfigs.str(p, "key.file", null), HealthConfigs.num(p, "missed", AgentSettings.DEFAULT_MISSED),
                        HealthConfigs.num(p, "max.age.ms", AgentSettings.DEFAULT_MAX_AGE_MILLIS));
                if (!s.equals(settings)) {
                    apply(s);
                }
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException | RuntimeException e) {
            LOG.severe("event=config-problem problem=\"agent receiver: " + e.getMessage() + "\"");
        }
    }

    /** Sets key and limits without a socket (tests drive {@link #handle} directly). */
    void useForTest(AgentSettings s, byte[] k) {
        settings = s;
        key = k;
    }

    // ---- receiving ----

    private void receive(DatagramChannel ch) {
        byte[] buf = new byte[AgentProtocol.MAX_DATAGRAM + 100];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (ch.isOpen()) {
            try {
                bb.clear();
                SocketAddress from = ch.receive(bb);
                byte[] reply = handle(buf, bb.position(), from, System.currentTimeMillis());
                if (reply != null) {
                    ch.send(ByteBuffer.wrap(reply), from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "agent receiver: " + e.getMessage(), e);
            }
        }
    }

    /** Judges one datagram; returns the reply to send back (a slice grant), or null. */
    byte[] handle(byte[] data, int length, SocketAddress from, long now) {
        AgentSettings s = settings;
        byte[] k = key;
        if (s == null || k == null) {
            return null;
        }
        AgentProtocol.Message m;
        try {
            m = AgentProtocol.decode(data, length, k);
        } catch (AgentProtocol.RejectedException e) {
            return drop(e.drop().counter(), from, null, e.getMessage());
        }
        if (Math.abs(now - m.timestampMillis()) > s.maxAgeMillis()) {
            return drop("stale", from, m.node(), "timestamp " + (now - m.timestampMillis()) + " ms off our clock");
        }
        List<Node> nodes = resolve(m.node());
        if (nodes.isEmpty()) {
            return drop("unknown-node", from, m.node(), "no such node in any pool");
        }
        Long last = lastSequence.get(m.node());
        if (last != null && m.sequence() <= last) {
            return drop("replayed", from, m.node(), "sequence " + m.sequence() + " not above " + last);
        }
        if (last == null && m.timestampMillis() < startedMillis) {
            return drop("replayed", from, m.node(), "sent " + (startedMillis - m.timestampMillis())
                    + " ms before this front-end started and nothing heard from the node since");
        }
        lastSequence.put(m.node(), m.sequence());
        if (m.type() == AgentProtocol.SLICE_REQUEST) {
            counters.get("slice-requests").increment();
            return AgentProtocol.encodeSliceGrant(grant(m, nodes, now), k);
        }
        if (m.type() != AgentProtocol.REPORT) {
            return drop("malformed", from, m.node(), "a front-end takes no message of type " + m.type());
        }
        counters.get("accepted").increment();
        long validUntil = now + (long) s.missed() * m.report().intervalMillis();
        for (Node n : nodes) {
            admin.reportLoad(n.pool(), n.name(), m.report().toNodeLoad(now), validUntil);
            lastReport.put(n.key(), now);
        }
        return null;
    }

    /** The nodes a report names: {@code POOL/NAME} is one, a bare name is that node in every pool. */
    private List<Node> resolve(String name) {
        List<Node> out = new ArrayList<>();
        int slash = name.indexOf('/');
        for (var st : cluster.nodes(slash < 0 ? null : name.substring(0, slash))) {
            if (st.node().name().equals(slash < 0 ? name : name.substring(slash + 1))) {
                out.add(st.node());
            }
        }
        return out;
    }

    private org.rookery.api.load.SliceGrant grant(AgentProtocol.Message m, List<Node> nodes, long now) {
        PortSpace ps = cluster.portSpace();
        Node n = nodes.stream().filter(x -> x.index() >= 0).findFirst().orElse(nodes.get(0));
        VirtualService svc = cluster.services().stream().filter(v -> v.pool().equals(n.pool())).findFirst().orElse(null);
        List<PortRange> ports = new ArrayList<>();
        if (svc != null) {
            cluster.services().stream().filter(v -> v.vip().equals(svc.vip())).forEach(v -> ports.add(v.ports()));
        }
        return new org.rookery.api.load.SliceGrant(m.node(), m.sequence(), now, ps.base(), ps.slice(),
                ps.disabled() ? -1 : n.index(), svc == null ? "" : svc.vip().toString(), ports);
    }

    private byte[] drop(String reason, SocketAddress from, String node, String detail) {
        counters.get(reason).increment();
        long now = System.currentTimeMillis();
        Long was = lastLogged.get(reason);
        if (was == null || now - was >= DROP_LOG_EVERY_MILLIS) { // a flood of forgeries must not flood the log
            lastLogged.put(reason, now);
            LOG.warning("event=agent-drop reason=" + reason + " from=" + from + " node=" + (node == null ? "-" : node)
                    + " detail=\"" + detail.replace("\"", "'") + "\" (logged at most once a minute per reason; see 'agent show')");
        }
        return null;
    }

    @Override
    public long lastReportMillis(String pool, String node) {
        return lastReport.getOrDefault(pool + "/" + node, -1L);
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
