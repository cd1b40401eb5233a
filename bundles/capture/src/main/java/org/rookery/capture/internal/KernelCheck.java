package org.rookery.capture.internal;

import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.VirtualService;

/**
 * What the kernel of the front-end must (not) do for a dr, nat or tun service, checked before the
 * service is stored and at every start: one line saying what is wrong and the command that fixes it.
 * Rookery answers ARP for a VIP the host does not hold; one the host holds is guarded by an
 * nftables table ({@link KernelGuard}). Either way the kernel must not forward on the interface: it
 * would route the VIP's frames, and in NAT the nodes' replies untranslated, beside Rookery.
 */
final class KernelCheck {

    private KernelCheck() {
    }

    /** The problem with running {@code s} on this host, or null when there is none. */
    static String problem(VirtualService s, Host host) {
        String what = "service " + s.name() + " (" + s.method() + ")";
        String iface = s.iface();
        if (iface == null) {
            return what + " needs --iface: the interface the VIP's frames arrive on";
        }
        if (!s.vip().isV4()) {
            return what + ": the packet datapath forwards IPv4 only; use --mode proxy for IPv6 VIP " + s.vip();
        }
        if (host.nic(iface) == null) {
            return what + ": no interface " + iface + " in this network namespace (ip link lists them)";
        }
        if (!host.isUp(iface)) {
            return what + ": interface " + iface + " is down; ip link set " + iface + " up";
        }
        if (host.forwarding(iface) == 1) {
            return what + ": the kernel forwards IPv4 on " + iface + " (net.ipv4.conf." + iface + ".forwarding=1) and would route"
                    + " the VIP's frames" + (s.method() == ForwardingMethod.NAT ? " and the nodes' replies untranslated" : "")
                    + " beside Rookery; sysctl -w net.ipv4.conf." + iface + ".forwarding=0";
        }
        if (host.ipv4(iface) == 0) {
            return what + ": " + iface + " has no IPv4 address; Rookery asks for node MACs from it"
                    + (s.method() == ForwardingMethod.NAT ? " and the nodes route their replies to it" : "")
                    + "; ip addr add ADDRESS/PREFIX dev " + iface;
        }
        return null;
    }
}
