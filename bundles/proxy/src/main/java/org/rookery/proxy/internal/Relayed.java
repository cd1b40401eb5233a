package org.rookery.proxy.internal;

import io.netty.channel.EventLoop;
import org.rookery.api.model.Node;

/** A relayed TCP connection or UDP session, as the grace-period watch of nodes sees it. */
interface Relayed {

    /** The dispatcher's id of the node it is relayed to. */
    int nodeId();

    /** The node it is relayed to, as it was when the relay started. */
    Node node();

    /** The event loop that owns it: every change of its state runs there. */
    EventLoop eventLoop();

    /** Adds the bytes relayed since the last call to the node's totals ({@link NodeBytes}); called on its event loop. */
    void flushBytes();

    /** Closes it on both sides; called on its event loop. */
    void close();
}
