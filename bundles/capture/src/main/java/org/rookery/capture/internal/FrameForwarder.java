package org.rookery.capture.internal;

import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.packet.Bytes;
import org.rookery.packet.Encapsulator;
import org.rookery.packet.Macs;
import org.rookery.packet.PacketView;
import org.rookery.packet.Reason;
import org.rookery.packet.Rewriter;

/**
 * Rewrites one decided frame for its node's forwarding method (DESIGN.md step 6), allocation-free:
 * direct routing sets the destination MAC; NAT rewrites destination address and port (checksums
 * updated incrementally) and the MAC; tunnel writes IP-in-IP into the caller's output array; a proxy
 * service's frame is left alone, since the proxy datapath opens its own connection. One per thread:
 * the encapsulator numbers outer datagrams.
 */
final class FrameForwarder {

    /** Returned for a proxy service: nothing to send. */
    static final int NOT_FORWARDED = 0;

    private final Encapsulator encapsulator = new Encapsulator();

    /** True when the method rewrites the frame in the view's own array; tunnel writes into {@code out}. */
    static boolean inPlace(ForwardingMethod method) {
        return method == ForwardingMethod.DR || method == ForwardingMethod.NAT;
    }

    /**
     * Rewrites the frame of a view whose parse returned OK.
     *
     * @param mac the node's MAC as a long ({@link ForwardingTable#mac})
     * @param out where a tunnelled frame goes (from index 0); at least the frame's length plus 54 bytes
     * @param serviceFlow true when the flow is the service's own; false for a private port-space flow
     *        (or a rule's verdict), whose destination port is the node's own and is kept in NAT
     * @return the length of the frame to send (see {@link #inPlace}), {@link #NOT_FORWARDED}, or a negative {@link Reason}
     */
    int forward(PacketView v, ForwardingMethod method, Node node, long mac, byte[] out, boolean serviceFlow) {
        switch (method) {
            case DR:
                return result(Rewriter.setDestinationMac(v, mac), v.length());
            case NAT: {
                int r = Rewriter.rewriteDestination(v, node.address(), node.port() == 0 || !serviceFlow ? -1 : node.port());
                if (r != Reason.OK) {
                    return r;
                }
                return result(Rewriter.setDestinationMac(v, mac), v.length());
            }
            case TUN:
                return tunnel(v, node.address(), mac, out);
            default:
                return NOT_FORWARDED;
        }
    }

    private static int result(int reason, int length) {
        return reason == Reason.OK ? length : reason;
    }

    /**
     * The outer source is the datagram's own destination (the VIP, an address of the front-end); the
     * outer source MAC is the frame's destination MAC, the front-end's own. Outer and inner family must
     * agree for that source to exist.
     */
    private int tunnel(PacketView v, IpAddress node, long mac, byte[] out) {
        if (!v.hasL3() || (v.ipVersion() == 4) != node.isV4()) {
            return Reason.BAD_VERSION;
        }
        byte[] b = v.buffer();
        long ownMac = Macs.read(b, v.offset());
        int l3 = v.l3Offset();
        if (node.isV4()) {
            return encapsulator.encapsulateV4(v, out, 0, mac, ownMac, Bytes.i32(b, l3 + 16), (int) node.lo());
        }
        return encapsulator.encapsulateV6(v, out, 0, mac, ownMac, Bytes.i64(b, l3 + 24), Bytes.i64(b, l3 + 32), node.hi(), node.lo());
    }
}
