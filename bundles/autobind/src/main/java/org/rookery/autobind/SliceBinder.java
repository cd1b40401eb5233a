package org.rookery.autobind;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.rookery.api.model.PortRange;

/**
 * Binds sockets explicitly to the VIP and a free port of the node's slice, for programs that want their
 * outgoing connections to leave from the VIP whatever the kernel's port range says. Ports are tried from a
 * rotating cursor so that consecutive binds do not all fight over the slice's first ports; when every port
 * is taken the bind fails with {@link SliceExhaustedException} and {@link #exhausted()} counts it.
 */
public final class SliceBinder {

    private final InetAddress vip;
    private final PortRange ports;
    private final AtomicInteger cursor;
    private final LongAdder bound = new LongAdder();
    private final LongAdder inUse = new LongAdder();
    private final LongAdder exhausted = new LongAdder();

    /** A binder for {@code vip} (which must be an address of this node) and the slice {@code ports}. */
    public SliceBinder(InetAddress vip, PortRange ports) {
        this.vip = vip;
        this.ports = ports;
        this.cursor = new AtomicInteger(ThreadLocalRandom.current().nextInt(ports.size()));
    }

    /** A binder for the VIP and ports of a slice. */
    public static SliceBinder of(Slice slice) throws IOException {
        if (slice.vip() == null) {
            throw new IllegalArgumentException("the slice has no VIP to bind to; give --vip");
        }
        return new SliceBinder(InetAddress.getByName(slice.vip()), slice.ports());
    }

    private interface Binder {
        void bind(SocketAddress a) throws IOException;
    }

    private InetSocketAddress bind(Binder b) throws IOException {
        int n = ports.size();
        int start = Math.floorMod(cursor.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            InetSocketAddress a = new InetSocketAddress(vip, ports.first() + (start + i) % n);
            try {
                b.bind(a);
                bound.increment();
                return a;
            } catch (BindException e) {
                if (e.getMessage() != null && e.getMessage().contains("assign requested address")) {
                    throw new BindException("cannot bind to " + vip.getHostAddress() + ": it is not an address of this node;"
                            + " add it, e.g. ip addr add " + vip.getHostAddress() + "/32 dev lo");
                }
                inUse.increment(); // taken: try the next one
            }
        }
        exhausted.increment();
        throw new SliceExhaustedException("all " + n + " ports of slice " + ports + " on " + vip.getHostAddress()
                + " are in use");
    }

    /** Binds an unbound {@link Socket} before it connects; returns the local address. */
    public InetSocketAddress bind(Socket s) throws IOException {
        return bind(s::bind);
    }

    /** Binds an unbound {@link SocketChannel} before it connects. */
    public InetSocketAddress bind(SocketChannel ch) throws IOException {
        return bind(a -> ch.bind(a));
    }

    /** Binds an unbound {@link DatagramChannel}. */
    public InetSocketAddress bind(DatagramChannel ch) throws IOException {
        return bind(a -> ch.bind(a));
    }

    /** Opens a blocking {@link SocketChannel} from the VIP and a slice port, connected to {@code remote}. */
    public SocketChannel connect(InetSocketAddress remote) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            bind(ch);
            ch.connect(remote);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The slice. */
    public PortRange ports() {
        return ports;
    }

    /** Successful binds. */
    public long bound() {
        return bound.sum();
    }

    /** Ports found taken while binding. */
    public long inUse() {
        return inUse.sum();
    }

    /** Binds that failed because the whole slice was taken. */
    public long exhausted() {
        return exhausted.sum();
    }
}
