package org.rookery.proxy.internal;

import java.net.Inet4Address;
import java.net.InetSocketAddress;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The PROXY protocol version 2 header (haproxy.org proxy-protocol.txt, section 2.2), sent first on a
 * connection to the node so that it learns the client's address. Binary form: the 12-byte signature,
 * version 2 with command PROXY ({@code 0x21}), family and transport ({@code 0x11} TCP over IPv4,
 * {@code 0x21} TCP over IPv6), the length of what follows (big-endian), then source address,
 * destination address, source port and destination port. Addresses of different families cannot be
 * told: the header then says LOCAL ({@code 0x20}) with family UNSPEC and no addresses, as the spec allows.
 */
final class ProxyV2Header {

    /** The signature every v2 header starts with. */
    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final int PROXY = 0x21;
    static final int LOCAL = 0x20;
    static final int TCP_OVER_IPV4 = 0x11;
    static final int TCP_OVER_IPV6 = 0x21;
    static final int UNSPEC = 0x00;

    private ProxyV2Header() {
    }

    /** The header for a TCP connection from {@code client} to {@code vip}, in a new buffer. */
    static ByteBuf encode(ByteBufAllocator alloc, InetSocketAddress client, InetSocketAddress vip) {
        byte[] src = client.getAddress().getAddress();
        byte[] dst = vip.getAddress().getAddress();
        if (src.length != dst.length) {
            ByteBuf buf = alloc.buffer(16);
            buf.writeBytes(SIGNATURE).writeByte(LOCAL).writeByte(UNSPEC).writeShort(0);
            return buf;
        }
        int length = 2 * src.length + 4;
        ByteBuf buf = alloc.buffer(16 + length);
        buf.writeBytes(SIGNATURE).writeByte(PROXY)
                .writeByte(client.getAddress() instanceof Inet4Address ? TCP_OVER_IPV4 : TCP_OVER_IPV6)
                .writeShort(length)
                .writeBytes(src).writeBytes(dst)
                .writeShort(client.getPort()).writeShort(vip.getPort());
        return buf;
    }
}
