package org.rookery.proxy.internal;

import static org.rookery.proxy.internal.PortProbe.endpoint;
import static org.rookery.proxy.internal.PortProbe.hostPort;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.VirtualService;

/**
 * The listeners of the proxy services: at each cluster change the proxy services are compared with
 * what is bound; new ones are bound, removed ones unbound, moved ones (VIP, protocol or ports) rebound.
 * A bind failure is one error line; the service is retried quietly at later changes and nothing else
 * is touched. Unbinding closes the listeners only: accepted TCP connections run on until they end,
 * while UDP sessions end with their listener, which alone can answer their clients.
 */
final class ServiceBindings {

    private static final Logger LOG = Logger.getLogger(ServiceBindings.class.getName());

    private final Listeners listeners;
    private final Map<String, List<Channel>> channels = new HashMap<>();
    private final Map<String, VirtualService> bound = new HashMap<>();
    /** Services that could not be bound, as last reported, so that a retry does not log again. */
    private final Map<String, VirtualService> failed = new HashMap<>();

    ServiceBindings(Listeners listeners) {
        this.listeners = listeners;
    }

    /** Brings the listeners in line with the services. */
    synchronized void reconcile(List<VirtualService> services) {
        Map<String, VirtualService> wanted = new LinkedHashMap<>();
        services.stream().filter(s -> s.method() == ForwardingMethod.PROXY).forEach(s -> wanted.put(s.name(), s));
        for (Iterator<Map.Entry<String, VirtualService>> it = bound.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, VirtualService> e = it.next();
            VirtualService want = wanted.get(e.getKey());
            if (want == null || !sameEndpoints(want, e.getValue())) {
                unbind(e.getValue());
                it.remove();
            } else {
                e.setValue(want); // e.g. another pool: the dispatcher places flows, the listener stays
            }
        }
        failed.keySet().retainAll(wanted.keySet());
        for (VirtualService s : wanted.values()) {
            if (!bound.containsKey(s.name())) {
                bind(s);
            }
        }
    }

    private void bind(VirtualService s) {
        boolean quiet = s.equals(failed.get(s.name()));
        if (s.ports().size() > PortProbe.MAX_PORTS) {
            if (!quiet) {
                LOG.severe("proxy: service " + s.name() + " not served: " + PortProbe.tooManyPorts(s));
            }
            failed.put(s.name(), s);
            return;
        }
        InetAddress vip = s.vip().toInetAddress();
        List<Channel> done = new ArrayList<>();
        for (int port = s.ports().first(); port <= s.ports().last(); port++) {
            ChannelFuture f = listeners.bind(s.protocol(), new InetSocketAddress(vip, port));
            if (!f.isSuccess()) {
                done.forEach(Listeners::close);
                if (!quiet) {
                    LOG.severe("proxy: service " + s.name() + " not served: cannot bind " + endpoint(s, port)
                            + " (" + PortProbe.reason(f.cause()) + "); other services are unaffected");
                }
                failed.put(s.name(), s);
                return;
            }
            done.add(f.channel());
        }
        channels.put(s.name(), done);
        bound.put(s.name(), s);
        failed.remove(s.name());
        LOG.info("proxy: service " + s.name() + " listening on " + s.protocol() + " " + hostPort(s, s.ports().toString()));
    }

    private void unbind(VirtualService s) {
        List<Channel> list = channels.remove(s.name());
        if (list != null) {
            list.forEach(Listeners::close);
        }
        LOG.info("proxy: service " + s.name() + " no longer listening on " + s.protocol() + " " + hostPort(s, s.ports().toString()));
    }

    /** Closes every listener. */
    synchronized void closeAll() {
        channels.values().forEach(l -> l.forEach(Listeners::close));
        channels.clear();
        bound.clear();
    }

    /** Throws with one line when the service's ports cannot be bound here; ports bound by this proxy pass. */
    synchronized void check(VirtualService s) {
        if (s.method() != ForwardingMethod.PROXY) {
            return;
        }
        PortProbe.checkRange(s);
        for (int port = s.ports().first(); port <= s.ports().last(); port++) {
            if (!boundHere(s, port)) {
                PortProbe.probe(s, port);
            }
        }
    }

    private boolean boundHere(VirtualService s, int port) {
        return bound.values().stream().anyMatch(b -> b.protocol() == s.protocol() && b.vip().equals(s.vip())
                && b.ports().contains(port));
    }

    private static boolean sameEndpoints(VirtualService a, VirtualService b) {
        return a.vip().equals(b.vip()) && a.protocol() == b.protocol() && a.ports().equals(b.ports());
    }
}
