package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;

/** Flow keys from socket addresses match the dispatcher's form; node port 0 keeps the service port. */
class FlowsTest {

    @Test
    void ipv4KeyHasClientAsSourceAndVipAsDestinationWithoutFlags() throws Exception {
        FlowKey key = new FlowKey().tcpFlags(FlowKey.SYN);
        assertTrue(Flows.fill(key, Flows.TCP, at("10.1.2.3", 40000), at("192.0.2.80", 443)));
        FlowKey expected = new FlowKey().set(6, IpAddress.parse("10.1.2.3"), 40000, IpAddress.parse("192.0.2.80"), 443);
        assertTrue(expected.sameFlow(key));
        assertEquals(0, key.tcpFlags());
        assertEquals("tcp 10.1.2.3:40000 -> 192.0.2.80:443", key.toString());
    }

    @Test
    void ipv6Key() throws Exception {
        FlowKey key = new FlowKey();
        assertTrue(Flows.fill(key, Flows.UDP, at("2001:db8::1", 5353), at("2001:db8::53", 53)));
        assertEquals("udp [2001:db8::1]:5353 -> [2001:db8::53]:53", key.toString());
    }

    @Test
    void mixedFamiliesGiveNoKey() throws Exception {
        assertFalse(Flows.fill(new FlowKey(), Flows.TCP, at("10.1.2.3", 1), at("2001:db8::53", 53)));
    }

    @Test
    void nodePortZeroKeepsTheServicePort() {
        Node any = new Node("p", "n", IpAddress.parse("10.0.0.7"), 0, null, 1, null, -1);
        Node fixed = new Node("p", "m", IpAddress.parse("10.0.0.8"), 8080, null, 1, null, -1);
        assertEquals(new InetSocketAddress("10.0.0.7", 443), Flows.target(any, 443));
        assertEquals(new InetSocketAddress("10.0.0.8", 8080), Flows.target(fixed, 443));
    }

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }
}
