package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The PROXY v2 header, byte for byte as in the spec (haproxy proxy-protocol.txt, 2.2). */
class ProxyV2HeaderTest {

    private static final String SIGNATURE = "0d0a0d0a000d0a515549540a";

    @Test
    void ipv4() throws Exception {
        ByteBuf b = encode("192.0.2.1", 56324, "198.51.100.10", 443);
        assertEquals(SIGNATURE
                + "21"          // version 2, command PROXY
                + "11"          // AF_INET, STREAM
                + "000c"        // 12 bytes follow
                + "c0000201"    // 192.0.2.1
                + "c633640a"    // 198.51.100.10
                + "dc04"        // 56324
                + "01bb",       // 443
                ByteBufUtil.hexDump(b));
        assertEquals(28, b.readableBytes());
        b.release();
    }

    @Test
    void ipv6() throws Exception {
        ByteBuf b = encode("2001:db8::1", 56324, "2001:db8::100", 443);
        assertEquals(SIGNATURE
                + "21"          // version 2, command PROXY
                + "21"          // AF_INET6, STREAM
                + "0024"        // 36 bytes follow
                + "20010db8000000000000000000000001"
                + "20010db8000000000000000000000100"
                + "dc04"
                + "01bb",
                ByteBufUtil.hexDump(b));
        assertEquals(52, b.readableBytes());
        b.release();
    }

    @Test
    void mixedFamiliesSayLocalWithoutAddresses() throws Exception {
        ByteBuf b = encode("192.0.2.1", 56324, "2001:db8::100", 443);
        assertEquals(SIGNATURE + "20" + "00" + "0000", ByteBufUtil.hexDump(b));
        b.release();
    }

    private static ByteBuf encode(String src, int sport, String dst, int dport) throws Exception {
        return ProxyV2Header.encode(UnpooledByteBufAllocator.DEFAULT,
                new InetSocketAddress(InetAddress.getByName(src), sport),
                new InetSocketAddress(InetAddress.getByName(dst), dport));
    }
}
