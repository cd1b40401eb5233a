package org.rookery.proxy.internal;

import java.util.ArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

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
 * Netty's epoll I/O handler, with the epoll interest changes of a channel applied once, just before the
 * loop next waits for events, and with a work-around for a bug of Netty 4.2.18: a channel never leaves
 * the epoll set while it is open.
 *
 * <p>Fewer {@code epoll_ctl} calls: Netty changes a channel's interest set as it goes, one system call
 * each, and a proxied connection makes several in a row that only the next {@code epoll_wait} can
 * observe: the node's socket asks for EPOLLOUT to learn the connect's outcome, drops it once connected
 * and at once asks for EPOLLIN. Here each change is noted, and before the loop waits again each changed
 * channel gets one {@code epoll_ctl} with its latest set, none if that is what the kernel already has.
 * The kernel cannot report an event between the change and the wait, so nothing is seen later than
 * before. A channel is also added to the epoll set only once it wants to read or write: an accepted
 * client is not read until its node is connected, so it first asks only for EPOLLRDHUP, and adding it
 * then would cost one more call per connection for an event nobody acts on before the node is there
 * (a client gone by then is seen as soon as it is added). Changes made off the loop's thread, and a
 * cancelled (closing) channel's, are applied or dropped at once, so that a descriptor number reused by
 * a new socket never receives a stale change. A change the kernel refuses closes that channel.
 *
 * <p>The work-around: when a channel's interest set becomes empty (no EPOLLIN because reads are paused
 * or the input is done, no EPOLLRDHUP because the peer's FIN was seen, no EPOLLOUT because nothing waits
 * to be written), Netty 4.2.18 removes its descriptor from the epoll set (EPOLL_CTL_DEL) but still takes
 * it for added, so the next interest (reads resumed, or a full socket buffer needing EPOLLOUT) is an
 * EPOLL_CTL_MOD that fails with ENOENT. The write or read then fails and the relayed connection is cut
 * short: seen as a truncated 50 MB transfer in about one run in twelve, whenever one side half-closed
 * while the other was slowed down. Here an empty interest set is registered as EPOLLERR instead, which
 * the kernel reports anyway: the descriptor stays in the set until it is wanted again, as Netty had it
 * before it added the removal (a socket shut both ways then wakes the loop with EPOLLHUP until it is
 * closed, which the relay does once the bytes queued for it are written).
 */
final class EpollKeepRegistered implements IoHandlerFactory {

    private static final Logger LOG = Logger.getLogger(EpollKeepRegistered.class.getName());
    /** Interests that make a channel worth adding to the epoll set. */
    private static final int READ_OR_WRITE = EpollIoOps.EPOLLIN.value() | EpollIoOps.EPOLLOUT.value();

    private final IoHandlerFactory epoll = EpollIoHandler.newFactory();

    @Override
    public IoHandler newHandler(ThreadAwareExecutor executor) {
        return new Handler(epoll.newHandler(executor), executor);
    }

    @Override
    public boolean isChangingThreadSupported() {
        return epoll.isChangingThreadSupported();
    }

    /** Netty's handler, registering channels through {@link Registration} and applying their changes before each wait. */
    private static final class Handler implements IoHandler {

        private final IoHandler delegate;
        private final ThreadAwareExecutor executor;
        /** Registrations changed since the last wait; only the loop's thread touches it. */
        private final ArrayList<Registration> changed = new ArrayList<>();

        Handler(IoHandler delegate, ThreadAwareExecutor executor) {
            this.delegate = delegate;
            this.executor = executor;
        }

        @Override
        public void initialize() {
            delegate.initialize();
        }

        @Override
        public int run(IoHandlerContext context) {
            applyChanges();
            return delegate.run(context);
        }

        private void applyChanges() {
            ArrayList<Registration> list = changed;
            for (int i = 0; i < list.size(); i++) {
                list.get(i).apply();
            }
            list.clear();
        }

        @Override
        public void prepareToDestroy() {
            applyChanges();
            delegate.prepareToDestroy();
        }

        @Override
        public void destroy() {
            delegate.destroy();
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            return new Registration(delegate.register(handle), handle, this);
        }

        @Override
        public void wakeup() {
            delegate.wakeup();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return delegate.isCompatible(handleType);
        }

        boolean onLoop() {
            return executor.isExecutorThread(Thread.currentThread());
        }
    }

    /**
     * A registration that notes interest changes for the handler to apply before the next wait, and
     * submits EPOLLERR where the channel asks for nothing.
     */
    private static final class Registration implements IoRegistration {

        private final IoRegistration delegate;
        private final IoHandle handle;
        private final Handler handler;
        /** The set to apply at the next wait; null when there is no change. */
        private EpollIoOps wanted;
        /** The set last given to the kernel; -1 before the channel is added. */
        private int applied = -1;
        private boolean queued;
        private boolean cancelled;

        Registration(IoRegistration delegate, IoHandle handle, Handler handler) {
            this.delegate = delegate;
            this.handle = handle;
            this.handler = handler;
        }

        @Override
        public <T> T attachment() {
            return delegate.attachment();
        }

        @Override
        public long submit(IoOps ops) {
            EpollIoOps e = (EpollIoOps) ops;
            if (e.value() == 0) {
                e = EpollIoOps.EPOLLERR;
            }
            if (!handler.onLoop()) {
                wanted = null;
                applied = e.value();
                return delegate.submit(e);
            }
            if (cancelled) {
                return -1;
            }
            wanted = e;
            if (applied < 0 && (e.value() & READ_OR_WRITE) == 0) {
                return e.value(); // not added until it wants to read or write
            }
            if (!queued) {
                queued = true;
                handler.changed.add(this);
            }
            return e.value();
        }

        /** Gives the kernel the latest set, if it changed; a refused change closes the channel. */
        void apply() {
            queued = false;
            EpollIoOps e = wanted;
            wanted = null;
            if (cancelled || e == null || e.value() == applied) {
                return;
            }
            try {
                delegate.submit(e);
                applied = e.value();
            } catch (RuntimeException ex) {
                LOG.log(Level.FINE, ex, () -> "proxy: epoll refused interest " + e + " for " + handle + "; closing it");
                try {
                    handle.close();
                } catch (Exception closing) {
                    LOG.log(Level.FINE, closing, () -> "proxy: closing " + handle);
                }
            }
        }

        @Override
        public boolean isValid() {
            return delegate.isValid();
        }

        @Override
        public boolean cancel() {
            cancelled = true;
            wanted = null;
            return delegate.cancel();
        }
    }
}
