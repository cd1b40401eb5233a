package org.rookery.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.rookery.api.cluster.ClusterService;

/**
 * The proxy datapath with real sockets on loopback, configured through the shell: bytes relayed
 * intact both ways with half-close, connections spread per the policy, retry past a refusing node,
 * draining, and the hot-swap test with real TCP connections: zero failed connections.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProxyIT extends RookeryTestSupport {

    @Inject
    private ClusterService cluster;

    @Test
    public void bytesAreRelayedIntactWithHalfCloseAndConnectionsFollowTheWeights() throws Exception {
        try (Backends b = new Backends("a1", "a2", "a3")) {
            int port = proxyService("relay", "wrr", b, 3, 2, 1);
            Map<String, Integer> seen = new TreeMap<>();
            for (int i = 0; i < 60; i++) {
                seen.merge(nameOf(port), 1, Integer::sum);
            }
            // smooth wrr gives exactly 3:2:1 per period of 6; the readiness probe took one pick, so +-1
            assertTrue(seen.toString(), Math.abs(seen.get("a1") - 30) <= 1 && Math.abs(seen.get("a2") - 20) <= 1
                    && Math.abs(seen.get("a3") - 10) <= 1 && seen.values().stream().mapToInt(Integer::intValue).sum() == 60);

            byte[] data = new byte[8 << 20];
            new Random(1).nextBytes(data);
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(30_000);
                InputStream in = s.getInputStream();
                readLine(in);
                AtomicReference<IOException> writeFailure = new AtomicReference<>();
                Thread writer = new Thread(() -> {
                    try {
                        OutputStream out = s.getOutputStream();
                        out.write(data);
                        out.flush();
                        s.shutdownOutput(); // half-close: the node still answers after this
                    } catch (IOException e) {
                        writeFailure.set(e);
                    }
                });
                writer.start();
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                in.transferTo(back); // ends when the node closes after echoing everything
                writer.join();
                assertEquals(null, writeFailure.get());
                assertArrayEquals(data, back.toByteArray());
            }
        }
    }

    @Test
    public void aRefusingNodeIsRetriedPast() throws Exception {
        try (Backends b = new Backends("r1", "r2", "r3")) {
            int port = proxyService("retry", "rr", b);
            b.stop("r2");
            for (int i = 0; i < 30; i++) {
                String name = nameOf(port);
                assertTrue(name, name.equals("r1") || name.equals("r3"));
            }
        }
    }

    @Test
    public void aDrainingNodeFinishesItsConnectionsAndGetsNoNewOnes() throws Exception {
        try (Backends b = new Backends("d1", "d2")) {
            int port = proxyService("drain", "rr", b);
            try (Socket held = new Socket("127.0.0.1", port)) {
                held.setSoTimeout(10_000);
                String node = readLine(held.getInputStream());
                shell("node drain drain " + node);
                for (int i = 0; i < 20; i++) {
                    assertTrue(!nameOf(port).equals(node));
                }
                OutputStream out = held.getOutputStream();
                out.write("still here\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals("still here", readLine(held.getInputStream()));
            }
        }
    }

    @Test
    public void policiesSwapUnderRealConnectionsWithoutAFailure() throws Exception {
        try (Backends b = new Backends("h1", "h2", "h3", "h4")) {
            int port = proxyService("swap", "rr", b, 1, 2, 3, 4);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong ok = new AtomicLong();
            Map<String, Long> failures = new ConcurrentHashMap<>();
            Thread[] clients = new Thread[4];
            for (int t = 0; t < clients.length; t++) {
                clients[t] = new Thread(() -> {
                    byte[] payload = "ping-pong\n".getBytes(StandardCharsets.US_ASCII);
                    while (!stop.get()) {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                            s.setSoTimeout(10_000);
                            InputStream in = s.getInputStream();
                            String name = readLine(in);
                            s.getOutputStream().write(payload);
                            String echo = readLine(in);
                            if (!name.startsWith("h") || !echo.equals("ping-pong")) {
                                failures.merge("bad answer '" + name + "'/'" + echo + "'", 1L, Long::sum);
                            } else {
                                ok.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failures.merge(e.toString(), 1L, Long::sum);
                        }
                    }
                }, "swap-client-" + t);
                clients[t].start();
            }
            String[] policies = {"rr", "wrr", "lc", "wlc", "sh", "maglev", "leastload", "p2c"};
            try {
                for (int round = 0; round < 50; round++) {
                    shell("pool set swap --policy " + policies[round % policies.length]);
                    if (round % 10 == 3) {
                        Bundle maglev = bundle("org.rookery.policy-maglev");
                        String location = maglev.getLocation();
                        maglev.uninstall();
                        Thread.sleep(100);
                        context.installBundle(location).start();
                    }
                    if (round % 10 == 6) {
                        bundle("org.rookery.policy-wrr").update();
                    }
                    long mark = ok.get();
                    assertTrue("no connection completed after switch " + round, eventually(10, () -> ok.get() > mark + 5));
                }
            } finally {
                stop.set(true);
                for (Thread t : clients) {
                    t.join(15_000);
                }
            }
            assertTrue("failed connections: " + failures, failures.isEmpty());
            assertTrue("too few connections: " + ok, ok.get() > 250);
        }
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }
}
