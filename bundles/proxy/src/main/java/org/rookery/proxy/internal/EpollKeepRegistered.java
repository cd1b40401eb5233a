package org.rookery.proxy.internal;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Netty's epoll I/O handler with a work-around for a bug of Netty 4.2.18: a channel never leaves the epoll
 * set while it is open.
 *
 * <p>When a channel's interest set becomes empty (no EPOLLIN because reads are paused or the input is done,
 * no EPOLLRDHUP because the peer's FIN was seen, no EPOLLOUT because nothing waits to be written), Netty
 * 4.2.18 removes its descriptor from the epoll set (EPOLL_CTL_DEL) but still takes it for added, so the next
 * interest (reads resumed, or a full socket buffer needing EPOLLOUT) is an EPOLL_CTL_MOD that fails with
 * ENOENT. The write or read then fails and the relayed connection is cut short: seen as a truncated 50 MB
 * transfer in about one run in twelve, whenever one side half-closed while the other was slowed down. Here
 * an empty interest set is registered as EPOLLERR instead, which the kernel reports anyway: the descriptor
 * stays in the set until it is wanted again, as Netty had it before it added the removal (a socket shut
 * both ways then wakes the loop with EPOLLHUP until it is closed, which the relay does once the bytes
 * queued for it are written).
 */
final class EpollKeepRegistered implements IoHandlerFactory {

    private final IoHandlerFactory epoll = EpollIoHandler.newFactory();

    @Override
    public IoHandler newHandler(ThreadAwareExecutor executor) {
        return new Handler(epoll.newHandler(executor));
    }

    @Override
    public boolean isChangingThreadSupported() {
        return epoll.isChangingThreadSupported();
    }

    /** Netty's handler, registering channels through {@link Registration}. */
    private static final class Handler implements IoHandler {

        private final IoHandler delegate;

        Handler(IoHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public void initialize() {
            delegate.initialize();
        }

        @Override
        public int run(IoHandlerContext context) {
            return delegate.run(context);
        }

        @Override
        public void prepareToDestroy() {
            delegate.prepareToDestroy();
        }

        @Override
        public void destroy() {
            delegate.destroy();
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            return new Registration(delegate.register(handle));
        }

        @Override
        public void wakeup() {
            delegate.wakeup();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return delegate.isCompatible(handleType);
        }
    }

    /** A registration that submits EPOLLERR where the channel asks for nothing. */
    private static final class Registration implements IoRegistration {

        private final IoRegistration delegate;

        Registration(IoRegistration delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> T attachment() {
            return delegate.attachment();
        }

        @Override
        public long submit(IoOps ops) {
            return delegate.submit(ops instanceof EpollIoOps e && e.value() == 0 ? EpollIoOps.EPOLLERR : ops);
        }

        @Override
        public boolean isValid() {
            return delegate.isValid();
        }

        @Override
        public boolean cancel() {
            return delegate.cancel();
        }
    }
}
