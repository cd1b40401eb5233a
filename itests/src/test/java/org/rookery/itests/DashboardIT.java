package org.rookery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.Test;

/**
 * The dashboard as an operator sees it: the distribution started with {@code bin/rookery start}, a
 * proxy service over three real nodes, the page at {@code http://127.0.0.1:PORT/} open in headless
 * Chromium. It must show every node of the pool with its state and weight, count the flows that real
 * connections make, draw them on the chart, and show a drain within a few polls. The screenshot is kept
 * as {@code itests/target/dashboard.png}.
 */
public class DashboardIT {

    private static final Path SCREENSHOT = Paths.get(System.getProperty("rookery.itest.work", "target/itest-work"))
            .getParent().resolve("dashboard.png");

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            while (in.read() != '\n') {
                // the node's name line: the flow has been placed and counted
            }
        }
    }

    /** Polls a page expression until the condition holds or the time is up; returns the last value. */
    private static String until(HeadlessChromium page, String expression, Predicate<String> condition, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String v = page.evalQuietly(expression);
        while ((v == null || !condition.test(v)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            v = page.evalQuietly(expression);
        }
        return v;
    }

    private static String cell(String node, String cls) {
        return "(document.querySelector('tr[data-node=\"" + node + "\"] ." + cls + "') || {}).textContent";
    }

    @Test
    public void theDashboardShowsTheNodesAndFollowsTheTraffic() throws Exception {
        try (Distribution d = Distribution.copy("dashboard"); Backends b = new Backends("n1", "n2", "n3")) {
            assertTrue(d.rookery("start").ok());
            assertTrue(d.exec("pool add web --policy wrr").ok());
            int w = 3;
            for (Backends.Backend n : b.nodes) {
                assertTrue(d.exec("node add web " + n.name + " --addr 127.0.0.1:" + n.port() + " --weight " + w--).ok());
            }
            int port = freePort();
            assertTrue(d.exec("service add web --vip 127.0.0.1 --port " + port + " --pool web --mode proxy").ok());
            assertTrue(d.exec("rule add --src 198.51.100.0/24 --to drop").ok());

            try (HeadlessChromium page = HeadlessChromium.start(1280, 1000)) {
                page.navigate("http://127.0.0.1:" + d.adminPort + "/");
                String rows = until(page, "document.querySelectorAll('tr[data-node]').length", "3"::equals, 30);
                assertEquals("node rows on the page; status: " + page.evalQuietly("document.getElementById('status').textContent"),
                        "3", rows);
                assertEquals("3", page.eval(cell("web/n1", "weight")));
                assertEquals("up", page.eval(cell("web/n2", "state")));
                assertTrue(page.eval("document.querySelector('#chain tbody').textContent"),
                        page.eval("document.querySelector('#chain tbody').textContent").contains("src 198.51.100.0/24"));
                // the chain ends in its explicit default verdict, as the classifier applies it
                assertEquals("local", until(page, "(document.querySelector('#chain tr.chain-default td:last-child') || {}).textContent",
                        "local"::equals, 5));
                long before = Long.parseLong(page.eval(cell("web/n1", "flows")));

                // 60 connections at 3:2:1: n1 takes 30 of them
                for (int i = 0; i < 60; i++) {
                    connect(port);
                }
                String after = until(page, cell("web/n1", "flows"), v -> Long.parseLong(v) >= before + 30, 10);
                assertEquals(before + 30, Long.parseLong(after));
                String peak = page.eval("Math.max(...series.get('web/n1').points)");
                assertTrue("the chart drew no flows per second for n1: " + peak, Double.parseDouble(peak) > 0);
                // bytes per node: each node sent its name line on every connection; every connect was timed
                String out = until(page, cell("web/n1", "bytes-out"), v -> v.matches("[1-9]\\d* B"), 10);
                assertTrue("n1's bytes out: " + out, out != null && out.matches("[1-9]\\d* B"));
                String timed = until(page, "(document.querySelector('tr[data-latency=\"proxy/connect/tcp\"] .count') || {}).textContent",
                        v -> v.matches("\\d+") && Long.parseLong(v) >= 60, 10);
                assertTrue("connects timed: " + timed, timed != null && Long.parseLong(timed) >= 60);

                assertTrue(d.exec("node drain web n2").ok());
                assertEquals("draining", until(page, cell("web/n2", "state"), "draining"::equals, 5));
                page.screenshot(SCREENSHOT);
                assertTrue(Files.size(SCREENSHOT) > 10_000);
            }
        }
    }
}
