package org.rookery.agent;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import org.rookery.api.load.AgentProtocol;
import org.rookery.api.load.LoadReport;
import org.rookery.api.load.SliceGrant;

/**
 * The node agent: every interval it samples the node's load and sends it, signed, over UDP to the
 * front-end. Every message's sequence number is the clock in microseconds (kept strictly rising), so that
 * sequences keep increasing over a restart of the agent and across processes speaking for the same node
 * (an {@code autobind show} beside a running agent): the front-end never takes a legitimate sender for a replay.
 */
public final class NodeAgent implements Closeable {

    private static final Logger LOG = Logger.getLogger(NodeAgent.class.getName());

    private final AgentConfig config;
    private final byte[] key;
    private final LoadSampler sampler;
    private final Sequence sequence = new Sequence(Sequence::clockMicros);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String lastError = "";
    private ScheduledExecutorService timer;

    /** An agent with the config's key read now (a bad key file fails here, with one line). */
    public NodeAgent(AgentConfig config) {
        this.config = config;
        try {
            this.key = AgentProtocol.key(Files.readAllBytes(config.keyFile()), config.keyFile().toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + config.keyFile() + ": " + e.getMessage());
        }
        // the first HMAC of a JVM loads the crypto provider (tens of ms); done here, a message's signing is quick and
        // its sequence (taken just before) is not overtaken by another sender's in the meantime
        AgentProtocol.encodeSliceRequest(config.node(), 0, 0, key);
        this.sampler = new LoadSampler(config.proc(), config.servicePorts().isEmpty() ? p -> true
                : p -> config.servicePorts().stream().anyMatch(r -> r.contains(p)));
    }

    /** Starts reporting every interval, the first report at once. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rookery-node-agent");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::reportOnce, 0, config.intervalMillis(), TimeUnit.MILLISECONDS);
        LOG.info("event=agent-start node=" + config.node() + " frontend=" + config.frontend() + " interval.ms="
                + config.intervalMillis());
    }

    /** Samples and sends one report; failures are counted and logged when they change, never thrown. */
    public void reportOnce() {
        try (DatagramChannel ch = DatagramChannel.open()) {
            LoadReport s = sampler.sample(config.node(), 0, 0, config.intervalMillis(), config.weightHint());
            // numbered and stamped after the sampling, just before signing: the sequence must be taken as late as
            // possible, or another sender for this node (an autobind show) could overtake it on the way
            LoadReport r = new LoadReport(s.node(), sequence.next(), System.currentTimeMillis(), s.intervalMillis(), s.loadAverage(),
                    s.cpus(), s.cpu(), s.activeConnections(), s.memoryUsed(), s.weightHint());
            ch.send(ByteBuffer.wrap(AgentProtocol.encodeReport(r, key)), config.frontend());
            sent.incrementAndGet();
            if (!lastError.isEmpty()) {
                LOG.info("event=agent-recovered node=" + config.node());
                lastError = "";
            }
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            String m = String.valueOf(e.getMessage());
            if (!m.equals(lastError)) { // one line per new problem, not one per second
                LOG.warning("event=agent-send-failed node=" + config.node() + " reason=\"" + m + "\"");
                lastError = m;
            }
        }
    }

    /**
     * Asks the front-end for this node's port slice and waits up to {@code timeoutMillis} for a signed answer
     * to this very request.
     */
    public SliceGrant requestSlice(int timeoutMillis) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(config.frontend());
            long seq = sequence.next(); // as late as possible, as for reports
            ch.write(ByteBuffer.wrap(AgentProtocol.encodeSliceRequest(config.node(), seq, System.currentTimeMillis(), key)));
            ch.socket().setSoTimeout(timeoutMillis);
            byte[] buf = new byte[AgentProtocol.MAX_DATAGRAM + 100];
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (System.nanoTime() < deadline) {
                java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                try {
                    ch.socket().receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                try {
                    AgentProtocol.Message m = AgentProtocol.decode(buf, p.getLength(), key);
                    if (m.type() == AgentProtocol.SLICE_GRANT && m.sequence() == seq) {
                        return m.grant();
                    }
                } catch (AgentProtocol.RejectedException e) {
                    LOG.warning("event=agent-drop reason=" + e.drop().counter() + " detail=\"" + e.getMessage() + "\"");
                }
            }
        } catch (java.net.PortUnreachableException e) {
            throw new IOException("the front-end " + config.frontend() + " does not receive agent messages (port unreachable);"
                    + " is 'agent set --port " + config.frontend().getPort() + " --key FILE' done there?");
        }
        throw new IOException("no answer from the front-end " + config.frontend() + " within " + timeoutMillis
                + " ms; check 'agent show' there (a wrong key counts as bad-signature)");
    }

    /** Reports sent. */
    public long sent() {
        return sent.get();
    }

    /** Reports that could not be sampled or sent. */
    public long failed() {
        return failed.get();
    }

    /** The configuration. */
    public AgentConfig config() {
        return config;
    }

    /** Stops reporting. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
