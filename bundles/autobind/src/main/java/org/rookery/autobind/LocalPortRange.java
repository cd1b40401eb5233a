package org.rookery.autobind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rookery.api.model.PortRange;

/**
 * {@code net.ipv4.ip_local_port_range}: the ports the kernel picks for sockets that connect without binding
 * a port. It is per network namespace and IPv6 sockets use it too, so writing it makes every program of the
 * node's namespace leave from its slice, which is what the original design's patched auto-bind did.
 */
public final class LocalPortRange {

    /** Where the sysctl lives. */
    public static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private LocalPortRange() {
    }

    /** The range in the file. */
    public static PortRange read(Path file) throws IOException {
        String[] f = readAll(file).trim().split("\\s+");
        if (f.length != 2) {
            throw new IOException(file + " does not hold two ports: '" + String.join(" ", f) + "'");
        }
        return new PortRange(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
    }

    /**
     * A /proc file's text read with large reads. {@link Files#readString} reads a file of size 0 (as /proc
     * files claim) byte by byte, and a sysctl answers only a read at offset 0: it would return one character.
     */
    public static String readAll(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII); // reads in 8 KB+ chunks
        }
    }

    /** Writes the range; the kernel refuses (EINVAL) a range whose first port is not below the last. */
    public static void write(Path file, PortRange range) throws IOException {
        if (range.first() >= range.last()) {
            throw new IllegalArgumentException("the kernel needs at least two ports in ip_local_port_range, not " + range);
        }
        try {
            Files.writeString(file, range.first() + "\t" + range.last() + "\n");
        } catch (IOException e) {
            throw new IOException("cannot write " + file + " (needs root, or CAP_NET_ADMIN in the node's namespace): "
                    + e.getMessage(), e);
        }
    }
}
