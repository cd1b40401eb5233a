package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.junit.jupiter.api.Test;

/**
 * The epoll transport keeps a channel writable after its interest set was empty: the peer's FIN read, so no
 * EPOLLIN or EPOLLRDHUP, and nothing queued, so no EPOLLOUT. Netty 4.2.18 alone drops the socket from epoll
 * then, and the first write that fills the socket buffer fails (EPOLL_CTL_MOD: ENOENT) instead of waiting.
 */
class EpollKeepRegisteredTest {

    /** More than loopback's socket buffers hold: the write has to wait for EPOLLOUT. */
    private static final int SIZE = 16 * 1024 * 1024;

    @Test
    void aHalfClosedChannelWritesMoreThanItsBuffersHold() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll unavailable");
        CompletableFuture<Void> inputShut = new CompletableFuture<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch startReading = new CountDownLatch(1);
        try (Transport t = Transport.epoll(1);
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Long> atPeer = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    s.shutdownOutput(); // FIN at once, then read nothing until told
                    startReading.await();
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[64 * 1024];
                    long total = 0;
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        total += n;
                    }
                    return total;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Channel ch = new Bootstrap().group(t.group).channel(EpollSocketChannel.class)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                            if (evt instanceof ChannelInputShutdownEvent) {
                                inputShut.complete(null);
                            }
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            failure.compareAndSet(null, cause);
                        }
                    })
                    .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()))
                    .sync().channel();
            inputShut.get(Fixture.WAIT_MILLIS, TimeUnit.MILLISECONDS);
            // the FIN is read and nothing is queued: the channel wants no event now
            ChannelFuture written = ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[SIZE]));
            startReading.countDown();
            assertTrue(written.await(Fixture.WAIT_MILLIS), "the write finished");
            assertNull(written.cause(), () -> "the write failed: " + written.cause());
            ch.close().sync();
            assertEquals(SIZE, atPeer.get(Fixture.WAIT_MILLIS, TimeUnit.MILLISECONDS));
            assertNull(failure.get());
        }
    }
}
