package org.rookery.autobind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;

/** The checks before applying, the sysctl file and the route command. */
class SliceCheckTest {

    static final PortSpace SPACE = new PortSpace(10000, 1000);

    @Test
    void aSliceOverAServicePortIsRefusedAListenerInItIsOnlyShown() {
        Slice s = new Slice(SPACE, 2, "192.0.2.10", List.of(new PortRange(80, 80), new PortRange(12000, 12010)));
        assertEquals(new PortRange(12000, 12999), s.ports());
        List<String> p = SliceCheck.problems(s);
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("overlaps service port(s) 12000-12010"), p.get(0));
        assertTrue(SliceCheck.problems(new Slice(SPACE, 1, null, List.of(new PortRange(80, 80)))).isEmpty());
        // a listener of the node's own in its slice is what the port space is for: clients reach it at VIP:12500
        assertEquals(List.of(12500, 12999), SliceCheck.inSlice(s, List.of(22, 12999, 12500, 13000)));
    }

    @Test
    void anIndexWithoutASliceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Slice(SPACE, 55, null, List.of()));
        assertTrue(e.getMessage().contains("indexes 0-54"), e.getMessage());
    }

    @Test
    void listenersAreReadFromTheTcpTable() {
        String table = """
                  sl  local_address rem_address   st
                   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000
                   1: 0100007F:C350 0100007F:1F90 01 00000000:00000000
                """;
        assertEquals(List.of(8080), SliceCheck.listening(table));
    }

    @Test
    void theSysctlIsReadAndWritten(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ip_local_port_range");
        Files.writeString(f, "32768\t60999\n");
        assertEquals(new PortRange(32768, 60999), LocalPortRange.read(f));
        LocalPortRange.write(f, new PortRange(12000, 12999));
        assertEquals("12000\t12999\n", Files.readString(f));
        assertThrows(IllegalArgumentException.class, () -> LocalPortRange.write(f, new PortRange(5, 5)));
    }

    @Test
    void theRealSysctlIsReadWhole() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(LocalPortRange.SYSCTL));
        // a sysctl answers only a read at offset 0; a byte-by-byte reader gets its first character only
        PortRange r = LocalPortRange.read(LocalPortRange.SYSCTL);
        assertTrue(r.first() > 0 && r.last() > r.first(), r.toString());
    }

    @Test
    void theDefaultRouteGetsTheVipAsSource() {
        String show = "default via 10.0.0.1 dev eth0 proto static src 10.0.0.5 metric 100 \n";
        assertEquals(List.of("ip", "route", "replace", "default", "via", "10.0.0.1", "dev", "eth0", "proto", "static",
                "metric", "100", "src", "192.0.2.10"), SourceRoute.command(show, "192.0.2.10"));
        assertEquals("10.0.0.5", SourceRoute.currentSource(show));
        assertEquals(null, SourceRoute.command("", "192.0.2.10"));
    }
}
