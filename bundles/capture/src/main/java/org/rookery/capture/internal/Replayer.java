package org.rookery.capture.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.model.VirtualService;
import org.rookery.packet.Reason;

/**
 * Replays a capture through a {@link DecisionCopy} of the running front-end: every Ethernet frame is
 * parsed, decided and rewritten by a {@link FrameStep}, counted per node and per verdict, and the
 * rewritten frames optionally written to a new capture. Time is the capture's own, so connection
 * timeouts run as they did on the wire. Every argument is checked before anything is read or written.
 */
final class Replayer {

    private final ClusterService live;
    private final PolicySource policies;
    private final LiveSettings settings;

    Replayer(ClusterService live, PolicySource policies, LiveSettings settings) {
        this.live = live;
        this.policies = policies;
        this.settings = settings;
    }

    /** Replays as asked; throws IllegalArgumentException with one line when an argument or the file is wrong. */
    ReplayReport replay(ReplayRequest r) {
        try (OfflineCapture in = OfflineCapture.open(r.input())) {
            VirtualService only = ReplayChecks.service(live, r.service());
            ReplayChecks.policy(policies, r.policy());
            ReplayChecks.output(r);
            byte[] frame = in.next();
            DecisionCopy copy = QuietLogs.quietly(() -> DecisionCopy.of(live, policies, r.policy(), settings,
                    ReplayChecks.capacity(r.input()), in.timestampNanos()));
            ForwardingTable table = ForwardingTable.of(copy.cluster().nodes(null), copy.cluster().services());
            FrameStep step = new FrameStep(copy.dispatcher(), table);
            ReplayTally tally = new ReplayTally(copy.cluster().nodes(null).stream().mapToInt(n -> n.id() + 1).max().orElse(0),
                    r.service());
            // written beside the target and moved into place at the end: a failed replay leaves no half file
            Path part = r.output() == null ? null : r.output().resolveSibling(r.output().getFileName() + ".part");
            long written = -1;
            try {
                try (PcapWriter out = part == null ? null : new PcapWriter(part)) {
                    byte[] tunnel = new byte[0];
                    for (; frame != null; frame = in.next()) {
                        if (tunnel.length < frame.length + 64) {
                            tunnel = new byte[frame.length + 64]; // room for an outer IPv6 header; grows rarely
                        }
                        one(frame, in.timestampNanos(), step, only, tally, out, tunnel);
                    }
                    written = out == null ? -1 : out.frames();
                }
                if (part != null) {
                    Files.move(part, r.output(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write " + r.output() + ": " + e.getMessage(), e);
            } finally {
                deleteQuietly(part);
            }
            return new ReplayReport(r, tally, copy.cluster(), table, written);
        }
    }

    private static void deleteQuietly(Path part) {
        try {
            if (part != null) {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            // a leftover .part file is harmless and says what it is
        }
    }

    private void one(byte[] f, long now, FrameStep step, VirtualService only, ReplayTally tally, PcapWriter out,
                     byte[] tunnel) throws IOException {
        tally.frame();
        int p = step.parse(f, 0, f.length, null);
        if (p != Reason.OK) {
            tally.parseFailed(p);
            return;
        }
        if (only != null && !only.matches(step.key())) {
            tally.verdict(ReplayTally.SKIPPED);
            return;
        }
        if (step.view().verifyChecksums() != Reason.OK) {
            tally.badChecksum(); // decided all the same: a capture on the sending host leaves checksums to the NIC
        }
        int id = step.decide(now);
        switch (id) {
            case Dispatcher.LOCAL -> tally.verdict(ReplayTally.LOCAL);
            case Dispatcher.DROP -> tally.verdict(ReplayTally.DROP);
            case Dispatcher.NO_NODE -> tally.verdict(ReplayTally.NO_NODE);
            default -> {
                tally.node(id);
                int len = step.forward(tunnel);
                if (len == FrameForwarder.NOT_FORWARDED) {
                    tally.verdict(ReplayTally.PROXIED);
                } else if (len < 0) {
                    tally.rewriteFailed(len);
                } else {
                    tally.verdict(ReplayTally.FORWARDED);
                    if (out != null) {
                        out.write(FrameForwarder.inPlace(step.method()) ? f : tunnel, 0, len, now);
                    }
                }
            }
        }
    }
}
