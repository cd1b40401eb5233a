package org.rookery.packet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;

/** The real captures: the pcap files pcap4j's packet tests ship, and the loopback captures made for this bundle. */
public final class Captures {

    /** Our own captures under src/test/resources/captures (see scripts/make-captures.sh). */
    static final List<String> OWN = List.of("http-v4.pcap", "http-v6.pcap", "iperf3-tcp.pcap", "iperf3-udp.pcap", "icmp.pcap");

    private Captures() {
    }

    /** Every pcap file at the root of pcap4j-packettest's test jar, sorted by name. */
    static List<Pcap.Capture> pcap4j() {
        URL probe = Captures.class.getResource("/TcpPacketTest.pcap");
        if (probe == null) {
            throw new IllegalStateException("pcap4j-packettest (classifier tests) is not on the test class path");
        }
        List<Pcap.Capture> out = new ArrayList<>();
        try {
            JarURLConnection c = (JarURLConnection) probe.openConnection();
            c.setUseCaches(false);
            try (JarFile jar = c.getJarFile()) {
                List<String> names = new ArrayList<>();
                jar.stream().filter(e -> e.getName().endsWith(".pcap") && !e.getName().contains("/")).forEach(e -> names.add(e.getName()));
                Collections.sort(names);
                for (String n : names) {
                    try (InputStream in = jar.getInputStream(jar.getEntry(n))) {
                        out.add(Pcap.read(n, in));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Our own loopback captures. */
    static List<Pcap.Capture> own() {
        List<Pcap.Capture> out = new ArrayList<>();
        for (String n : OWN) {
            try (InputStream in = Captures.class.getResourceAsStream("/captures/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource captures/" + n);
                }
                out.add(Pcap.read(n, in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Every Ethernet frame of both sets. */
    public static List<byte[]> ethernetFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (Pcap.Capture c : all()) {
            if (c.linkType() == Pcap.ETHERNET) {
                frames.addAll(c.frames());
            }
        }
        return frames;
    }

    public static List<Pcap.Capture> all() {
        List<Pcap.Capture> all = new ArrayList<>(pcap4j());
        all.addAll(own());
        return all;
    }
}
