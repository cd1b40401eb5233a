package org.rookery.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

import org.rookery.agent.NodeAgent;
import org.rookery.api.load.SliceGrant;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.autobind.Autobind;
import org.rookery.autobind.Slice;

/**
 * {@code java -jar rookery-node.jar}: learns the node's slice (from the command line, or by asking the
 * front-end over the signed agent protocol), applies it with autobind, and reports the node's load to the
 * front-end every interval until stopped. {@code autobind show|apply} only show or apply the slice.
 * Exit codes: 0 done, 1 failed, 2 wrong command line.
 */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %5$s%6$s%n");
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("rookery-node: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) {
        NodeArgs a = NodeArgs.parse(args);
        NodeAgent agent = new NodeAgent(a.agentConfig());
        String cmd = a.command();
        Slice slice;
        try {
            slice = slice(a, agent);
        } catch (IOException | IllegalArgumentException e) {
            if (!cmd.equals("run")) {
                System.err.println("rookery-node: no slice: " + e.getMessage());
                return 1;
            }
            // the node can still report its load without a slice: say so and go on
            LOG.warning("event=autobind-skipped reason=\"" + e.getMessage() + "\"");
            slice = null;
        }
        try {
            if (cmd.equals("autobind show")) {
                System.out.println(new Autobind(slice, Path.of("/proc"), a.has("--route")).show());
                return 0;
            }
            if (cmd.equals("autobind apply")) {
                System.out.println(new Autobind(slice, Path.of("/proc"), a.has("--route")).apply());
                return 0;
            }
        } catch (IOException | IllegalStateException e) {
            System.err.println("rookery-node: " + e.getMessage());
            return 1;
        }
        if (slice != null && !a.has("--no-autobind")) {
            try {
                LOG.info("event=autobind-applied " + new Autobind(slice, Path.of("/proc"), a.has("--route")).apply());
            } catch (IOException | IllegalStateException e) {
                LOG.severe("event=autobind-failed reason=\"" + e.getMessage() + "\"");
            }
        }
        agent.start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            LOG.info("event=agent-stop node=" + agent.config().node() + " sent=" + agent.sent() + " failed=" + agent.failed());
            stop.countDown();
        }));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The slice from the command line, or else the front-end's answer (three tries). */
    static Slice slice(NodeArgs a, NodeAgent agent) throws IOException {
        PortSpace space = a.space();
        String vip = a.flags.get("--vip");
        if (space != null) {
            return new Slice(space, a.integer("--index", 0, 65535, 0), vip, a.servicePorts());
        }
        IOException last = null;
        for (int i = 0; i < 3; i++) {
            try {
                SliceGrant g = agent.requestSlice(2000);
                if (g.slice() == 0) {
                    throw new IOException("the front-end's port space is off (portspace set --base B --slice S there)");
                }
                if (g.index() < 0) {
                    throw new IOException("the front-end gives node " + g.node() + " no port-space index");
                }
                List<PortRange> ports = g.servicePorts();
                LOG.info("event=slice-granted node=" + g.node() + " index=" + g.index() + " base=" + g.base() + " slice=" + g.slice()
                        + " vip=" + (g.vip().isEmpty() ? "-" : g.vip()));
                return new Slice(new PortSpace(g.base(), g.slice()), g.index(), vip != null ? vip : g.vip(), ports);
            } catch (IOException e) {
                last = e;
                if (e.getMessage() != null && e.getMessage().startsWith("the front-end")) {
                    break; // an answer that will not change by asking again
                }
            }
        }
        throw last;
    }
}
