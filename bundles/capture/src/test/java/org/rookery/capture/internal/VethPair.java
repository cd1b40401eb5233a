package org.rookery.capture.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A veth pair for the real libpcap tests, {@code rkd-pa} (where the datapath captures) and
 * {@code rkd-pb} (where the test plays the wire), up, IPv6 off, offloads off, forwarding off on
 * {@code rkd-pa} and an address on it. Needs root; without it the tests are skipped saying so.
 */
final class VethPair implements AutoCloseable {

    static final String A = "rkd-pa";
    static final String B = "rkd-pb";
    static final String A_IP = "10.254.91.1";

    private VethPair() {
    }

    static VethPair create() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "real libpcap tests need root (veth pairs, raw capture); running as " + System.getProperty("user.name"));
        run(false, "ip", "link", "del", A);
        run(true, "ip", "link", "add", A, "type", "veth", "peer", "name", B);
        VethPair p = new VethPair();
        try {
            for (String i : List.of(A, B)) {
                run(false, "sysctl", "-qw", "net.ipv6.conf." + i + ".disable_ipv6=1");
                run(false, "ethtool", "-K", i, "gro", "off", "gso", "off", "tso", "off", "tx", "off", "rx", "off");
                run(true, "ip", "link", "set", i, "up");
            }
            run(true, "sysctl", "-qw", "net.ipv4.conf." + A + ".forwarding=0");
            run(true, "ip", "addr", "add", A_IP + "/30", "dev", A);
            return p;
        } catch (Exception e) {
            p.close();
            throw e;
        }
    }

    static String run(boolean must, String... cmd) throws IOException, InterruptedException {
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!pr.waitFor(20, TimeUnit.SECONDS)) {
            pr.destroyForcibly();
        }
        if (must && pr.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.trim());
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        run(false, "ip", "link", "del", A);
    }
}
