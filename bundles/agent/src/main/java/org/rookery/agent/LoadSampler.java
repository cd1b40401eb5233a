package org.rookery.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.IntPredicate;

import org.rookery.api.load.LoadReport;

/** Samples the node's load from a /proc tree (normally {@code /proc}; tests give another root). */
public final class LoadSampler {

    private final Path proc;
    private final IntPredicate servicePort;
    private long[] lastCpu;

    /**
     * @param proc the /proc root
     * @param servicePort which local ports count as the node's service, for active connections
     */
    public LoadSampler(Path proc, IntPredicate servicePort) {
        this.proc = proc;
        this.servicePort = servicePort;
    }

    /** One report: CPU use is measured since the previous sample (0 on the first). */
    public LoadReport sample(String node, long sequence, long now, int intervalMillis, int weightHint) throws IOException {
        String stat = read("stat");
        long[] cpu = ProcParser.cpuTimes(stat);
        double use = lastCpu == null ? 0 : ProcParser.cpuUse(lastCpu, cpu);
        lastCpu = cpu;
        int conns = ProcParser.establishedConnections(read("net/tcp"), servicePort);
        try {
            conns += ProcParser.establishedConnections(read("net/tcp6"), servicePort);
        } catch (NoSuchFileException e) {
            // IPv6 switched off on this node
        }
        return new LoadReport(node, sequence, now, intervalMillis, ProcParser.loadAverage(read("loadavg")),
                ProcParser.cpuCount(stat), use, conns, ProcParser.memoryUsed(read("meminfo")), weightHint);
    }

    private String read(String file) throws IOException {
        // not Files.readString: it reads files of size 0, as /proc files claim to be, byte by byte, and some
        // /proc files answer only a read at offset 0
        try (java.io.InputStream in = Files.newInputStream(proc.resolve(file))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
