package org.rookery.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;

/**
 * Client bytes and FIN that arrive before the node is connected. The client's channel does not read
 * until then, but epoll reads a half-closed socket to its end whatever autoRead says (EPOLLRDHUP), so
 * a client that sends a request and its FIN at once must not lose them. At most one socket receive
 * buffer is held.
 */
final class EarlyBytes {

    private CompositeByteBuf bytes;
    private boolean fin;

    /** Keeps bytes; ownership of {@code data} passes here. */
    void add(ByteBufAllocator alloc, ByteBuf data) {
        if (bytes == null) {
            bytes = alloc.compositeBuffer();
        }
        bytes.addComponent(true, data);
    }

    /** Notes the client's FIN. */
    void fin() {
        fin = true;
    }

    /** True when the client's FIN came before the node was connected. */
    boolean hasFin() {
        return fin;
    }

    /** Writes (without flushing) the kept bytes to the node; returns how many there were. */
    int writeTo(Channel node) {
        if (bytes == null) {
            return 0;
        }
        int n = bytes.readableBytes();
        node.write(bytes, node.voidPromise());
        bytes = null;
        return n;
    }

    /** Frees the kept bytes (the connection ended before the node was reached). */
    void release() {
        if (bytes != null) {
            bytes.release();
            bytes = null;
        }
    }
}
