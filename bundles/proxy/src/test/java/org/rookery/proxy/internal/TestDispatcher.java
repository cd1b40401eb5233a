package org.rookery.proxy.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;

/** A dispatcher for unit tests: round robin over loopback nodes, a map of tracked flows. */
final class TestDispatcher implements Dispatcher {

    /** Nodes by id; a null entry is a deleted node. */
    final List<Node> nodes = new CopyOnWriteArrayList<>();
    final Map<FlowKey, Integer> tracked = new ConcurrentHashMap<>();
    final AtomicInteger newFlows = new AtomicInteger();
    final AtomicInteger closedUntracked = new AtomicInteger();
    final AtomicInteger drops = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    /** When not 0, every new flow gets this verdict. */
    volatile int verdict;

    /** Adds a node on 127.0.0.1 (or ::1) at a port; returns its id. */
    int addNode(String name, String address, int port) {
        nodes.add(new Node("p", name, IpAddress.parse(address), port, null, 1, null, -1));
        return nodes.size() - 1;
    }

    @Override
    public int decide(FlowKey key, long nowNanos) {
        Integer id = tracked.get(key);
        if (id != null) {
            return id;
        }
        if (verdict != 0) {
            return verdict;
        }
        for (int i = 0; i < nodes.size(); i++) {
            int candidate = Math.floorMod(next.getAndIncrement(), nodes.size());
            if (nodes.get(candidate) != null) {
                tracked.put(key.copy(), candidate);
                newFlows.incrementAndGet();
                return candidate;
            }
        }
        return NO_NODE;
    }

    @Override
    public Node node(int nodeId) {
        return nodeId >= 0 && nodeId < nodes.size() ? nodes.get(nodeId) : null;
    }

    @Override
    public void closed(FlowKey key) {
        if (tracked.remove(key) == null) {
            closedUntracked.incrementAndGet();
        }
    }

    @Override
    public void countDrop(String reason) {
        drops.incrementAndGet();
    }
}
