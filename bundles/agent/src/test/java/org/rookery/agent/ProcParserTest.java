package org.rookery.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rookery.api.load.LoadReport;

/** Parsing of real-format /proc samples. */
class ProcParserTest {

    static final String STAT = """
            cpu  100 20 30 800 50 0 0 0 0 0
            cpu0 50 10 15 400 25 0 0 0 0 0
            cpu1 50 10 15 400 25 0 0 0 0 0
            intr 12345
            """;
    static final String STAT2 = """
            cpu  160 20 50 870 50 0 0 0 0 0
            cpu0 80 10 25 435 25 0 0 0 0 0
            cpu1 80 10 25 435 25 0 0 0 0 0
            """;
    static final String MEMINFO = """
            MemTotal:        8000000 kB
            MemFree:          500000 kB
            MemAvailable:    2000000 kB
            Buffers:          100000 kB
            """;
    // local 127.0.0.1:8080 (1F90) established twice, once listening; one established on port 22 (0016)
    static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
               1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0000000000000000 20 4 30 10 -1
               2: 0100007F:1F90 0100007F:C351 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0000000000000000 20 4 30 10 -1
               3: 0A000001:0016 0A000002:D000 01 00000000:00000000 00:00000000 00000000     0        0 4 1 0000000000000000 20 4 30 10 -1
               4: 0100007F:C352 0100007F:1F90 06 00000000:00000000 00:00000000 00000000     0        0 0 3 0000000000000000
            """;

    @Test
    void loadAverageIsTheFirstField() {
        assertEquals(0.52, ProcParser.loadAverage("0.52 0.58 0.59 1/467 12345\n"), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> ProcParser.loadAverage("garbage"));
    }

    @Test
    void cpuUseIsBusyOverTotalBetweenSamples() {
        long[] a = ProcParser.cpuTimes(STAT);
        assertArrayEquals(new long[] {150, 1000}, a, "idle 800 and iowait 50 are not busy");
        long[] b = ProcParser.cpuTimes(STAT2);
        assertEquals(80.0 / 150.0, ProcParser.cpuUse(a, b), 1e-9);
        assertEquals(2, ProcParser.cpuCount(STAT));
    }

    @Test
    void memoryUsedCountsWhatIsNotAvailable() {
        assertEquals(0.75, ProcParser.memoryUsed(MEMINFO), 1e-9);
    }

    @Test
    void establishedConnectionsOfTheServicePortOnly() {
        assertEquals(2, ProcParser.establishedConnections(TCP, p -> p == 8080));
        assertEquals(3, ProcParser.establishedConnections(TCP, p -> true));
        assertEquals(0, ProcParser.establishedConnections(TCP, p -> p == 9999));
    }

    @Test
    void aSamplerReadsATreeAndMeasuresCpuBetweenSamples(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("stat"), STAT);
        Files.writeString(proc.resolve("loadavg"), "3.00 1.00 1.00 1/1 1\n");
        Files.writeString(proc.resolve("meminfo"), MEMINFO);
        Files.writeString(proc.resolve("net/tcp"), TCP);
        LoadSampler s = new LoadSampler(proc, p -> p == 8080);
        LoadReport first = s.sample("n1", 1, 10, 1000, 7);
        assertEquals(0, first.cpu(), 1e-9);
        Files.writeString(proc.resolve("stat"), STAT2);
        LoadReport second = s.sample("n1", 2, 20, 1000, 7);
        assertEquals(80.0 / 150.0, second.cpu(), 1e-9);
        assertEquals(3.0, second.loadAverage(), 1e-9);
        assertEquals(2, second.cpus());
        assertEquals(2, second.activeConnections(), "no tcp6 file: IPv4 only");
        assertEquals(1.5, second.toNodeLoad(0).loadAverage(), 1e-9, "per CPU");
        assertEquals(7, second.weightHint());
    }

    @Test
    void frontendAddresses() {
        assertEquals(7070, AgentConfig.parseFrontend("127.0.0.1").getPort());
        assertEquals(9000, AgentConfig.parseFrontend("127.0.0.1:9000").getPort());
        assertEquals(9000, AgentConfig.parseFrontend("[::1]:9000").getPort());
        assertThrows(IllegalArgumentException.class, () -> AgentConfig.parseFrontend("127.0.0.1:0"));
    }
}
