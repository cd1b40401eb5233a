package org.rookery.autobind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.PortRange;

/** Real binds on loopback inside a small slice. */
class SliceBinderTest {

    static final InetAddress LO = InetAddress.getLoopbackAddress();

    /** A free range of {@code n} ports on loopback, found by trying. */
    static PortRange freeRange(int n) throws IOException {
        for (int first = 42000; first < 60000; first += 97) {
            boolean free = true;
            for (int p = first; p < first + n && free; p++) {
                try (ServerSocket s = new ServerSocket(p, 1, LO); DatagramChannel d = DatagramChannel.open()) {
                    d.bind(new InetSocketAddress(LO, p));
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return new PortRange(first, first + n - 1);
            }
        }
        throw new IllegalStateException("no free range");
    }

    @Test
    void socketsChannelsAndDatagramsGetDistinctPortsInTheSliceUntilItIsExhausted() throws IOException {
        PortRange r = freeRange(4);
        SliceBinder b = new SliceBinder(LO, r);
        List<AutoCloseable> open = new ArrayList<>();
        Set<Integer> ports = new HashSet<>();
        try {
            Socket s = new Socket();
            open.add(s);
            ports.add(b.bind(s).getPort());
            SocketChannel c = SocketChannel.open();
            open.add(c);
            ports.add(b.bind(c).getPort());
            Socket s2 = new Socket();
            open.add(s2);
            ports.add(b.bind(s2).getPort());
            SocketChannel c2 = SocketChannel.open();
            open.add(c2);
            InetSocketAddress last = b.bind(c2);
            ports.add(last.getPort());
            assertEquals(4, ports.size(), "four binds, four different ports");
            ports.forEach(p -> assertTrue(r.contains(p), p + " in " + r));
            assertEquals(LO, last.getAddress());
            Socket s3 = new Socket();
            open.add(s3);
            SliceExhaustedException e = assertThrows(SliceExhaustedException.class, () -> b.bind(s3));
            assertTrue(e.getMessage().contains("all 4 ports of slice " + r), e.getMessage());
            assertEquals(1, b.exhausted());
            assertEquals(4, b.bound());
            DatagramChannel d = DatagramChannel.open();
            open.add(d);
            assertTrue(r.contains(b.bind(d).getPort()), "UDP ports are a separate space: the slice is free for datagrams");
        } finally {
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing
                }
            }
        }
    }

    @Test
    void aConnectionLeavesFromTheSlice() throws IOException {
        PortRange r = freeRange(8);
        try (ServerSocket server = new ServerSocket(0, 5, LO)) {
            SliceBinder b = new SliceBinder(LO, r);
            try (SocketChannel c = b.connect(new InetSocketAddress(LO, server.getLocalPort()));
                 Socket accepted = server.accept()) {
                assertTrue(r.contains(accepted.getPort()), "the server sees a source port in the slice: " + accepted.getPort());
                assertNotEquals(server.getLocalPort(), accepted.getPort());
            }
        }
    }

    @Test
    void anAddressThatIsNotLocalIsNamed() throws IOException {
        SliceBinder b = new SliceBinder(InetAddress.getByName("192.0.2.77"), freeRange(2));
        try (Socket s = new Socket()) {
            java.net.BindException e = assertThrows(java.net.BindException.class, () -> b.bind(s));
            assertTrue(e.getMessage().contains("not an address of this node"), e.getMessage());
        }
    }
}
