package org.rookery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/**
 * The README's main command: {@code bin/rookery demo} without a terminal runs the front-end with the
 * demo configuration, answers HTTP on 127.0.0.1:8080 with node names rotating per the weights 3:2:1,
 * is reachable with {@code bin/rookery exec}, and stops cleanly on SIGTERM.
 */
public class DemoIT {

    @Test
    public void theDemoStartsAnswersAndFollowsTheWeights() throws Exception {
        try (Distribution d = Distribution.copy("demo")) {
            Path log = Files.createTempFile("demo", ".log");
            ProcessBuilder pb = new ProcessBuilder(d.home.resolve("bin/rookery").toString(), "demo")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            d.environment(pb);
            Process demo = pb.start();
            try {
                Distribution.Result services = d.await("service list", r -> r.out().contains("127.0.0.1"), 60);
                assertTrue(services + "\n" + Files.readString(log), services.out().matches("(?s).*web\\s+127\\.0\\.0\\.1\\s+tcp\\s+8080\\s+web\\s+proxy.*"));
                assertTrue(Files.readString(log), Files.readString(log).contains("curl"));
                // wrr is a bundle of its own and may register after the pool: wait for it, then require it.
                d.await("pool list", r -> r.out().matches("(?s).*web\\s+wrr\\s+wrr\\s+3\\s+3.*"), 30);
                assertTrue(d.exec("pool list").out().matches("(?s).*web\\s+wrr\\s+wrr\\s+3\\s+3.*"));
                Map<String, Integer> seen = new TreeMap<>();
                seen.merge(firstAnswer(8080), 1, Integer::sum); // the listener binds a moment after the service exists
                for (int i = 1; i < 60; i++) {
                    seen.merge(get(8080), 1, Integer::sum);
                }
                assertEquals(Map.of("n1", 30, "n2", 20, "n3", 10), seen);

                assertTrue(d.exec("node drain web n1").ok());
                for (int i = 0; i < 10; i++) {
                    assertTrue(!get(8080).equals("n1"));
                }
                assertTrue(d.exec("pool set web --policy maglev").ok());
                assertTrue(get(8080).matches("n[23]"));
                Distribution.Result stats = d.exec("stats");
                assertTrue(stats.toString(), stats.out().matches("(?s).*service:web new-flows=\\d+.*"));

                // "until stopped": status and stop reach the demo as they reach a started front-end
                Distribution.Result status = d.rookery("status");
                assertTrue(status.toString(), status.status() == 0 && status.out().contains("running (pid " + demo.pid()));
                Distribution.Result stop = d.rookery("stop");
                assertTrue(stop.toString(), stop.status() == 0 && stop.out().contains("stopped (pid " + demo.pid()));
                assertTrue("demo still running after bin/rookery stop", demo.waitFor(30, TimeUnit.SECONDS));
                assertEquals(3, d.rookery("status").status());
            } finally {
                demo.destroy(); // SIGTERM: Felix stops its bundles and exits
                assertTrue("demo did not stop on SIGTERM", demo.waitFor(30, TimeUnit.SECONDS));
            }
        }
    }

    /** Retries a refused first request while the proxy binds its listener (a refused connection takes no pick). */
    static String firstAnswer(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try {
                return get(port);
            } catch (java.net.ConnectException e) {
                Thread.sleep(100);
            }
        }
        return get(port);
    }

    /** One HTTP/1.1 request with Connection: close, as curl makes it; returns the body's first line. */
    static String get(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            if (!response.startsWith("HTTP/1.1 200")) {
                throw new IOException("unexpected response: " + response);
            }
            return response.substring(response.indexOf("\r\n\r\n") + 4).trim();
        }
    }
}
