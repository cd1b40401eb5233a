package org.rookery.proxy.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.netty.util.concurrent.EventExecutor;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;

/** A proxy engine on loopback with a test dispatcher and cluster: what every proxy test starts from. */
final class Fixture implements AutoCloseable {

    /** Bound on every wait of a test: never a duration asserted, only a limit to fail instead of hanging. */
    static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);

    final TestDispatcher dispatcher = new TestDispatcher();
    final TestCluster cluster = new TestCluster(dispatcher);
    final ProxyEngine engine;

    Fixture(ProxySettings settings, boolean epoll) {
        Transport transport = epoll ? Transport.epoll(2) : Transport.nio(2);
        engine = new ProxyEngine(dispatcher, cluster, settings, transport);
    }

    Fixture(ProxySettings settings) {
        this(settings, false);
    }

    /** Settings for tests: short grace and UDP idle, the rest as configured by default. */
    static ProxySettings settings(boolean proxyProtocol, int retries) {
        return new ProxySettings(2, false, 2000, retries, 900, 1, proxyProtocol, 1, 65536, 128);
    }

    /** A proxy service on the address and a free port, bound at once; returns the port. */
    int addService(String name, Protocol protocol, String vip) {
        int port = freePort(vip);
        addService(new VirtualService(name, IpAddress.parse(vip), protocol, PortRange.of(port), "p",
                ForwardingMethod.PROXY, null));
        return port;
    }

    /** Adds a service as the cluster would and tells the engine. */
    void addService(VirtualService s) {
        List<VirtualService> list = new ArrayList<>(cluster.services);
        list.removeIf(x -> x.name().equals(s.name()));
        list.add(s);
        cluster.services = List.copyOf(list);
        engine.clusterChanged();
    }

    /** Removes a service as the cluster would and tells the engine. */
    void removeService(String name) {
        cluster.services = cluster.services.stream().filter(s -> !s.name().equals(name)).toList();
        engine.clusterChanged();
    }

    /** A port that was free a moment ago on the address. */
    static int freePort(String address) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetSocketAddress at(String address, int port) {
        return new InetSocketAddress(loopback(address), port);
    }

    static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connections the event loops' sweeps watch now, each list read on its own loop. */
    int swept() {
        int n = 0;
        for (Map.Entry<EventExecutor, ConnectionSweep> e : engine.sweeps.entrySet()) {
            try {
                n += e.getKey().submit(e.getValue()::size).get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (Exception ex) {
                throw new AssertionError("could not read a sweep", ex);
            }
        }
        return n;
    }

    Map<String, Long> counters() {
        return engine.counters.snapshot();
    }

    long counter(String name) {
        return counters().get(name);
    }

    /** Waits, bounded, until the condition holds; fails the test when it never does. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
