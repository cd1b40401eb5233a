package org.rookery.capture.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the live packet datapath (PID {@code org.rookery.capture}). */
@ObjectClassDefinition(name = "Rookery packet datapath", description = "Live capture, decision and forwarding of dr, nat and tun services")
public @interface CaptureConfig {

    /**
     * Whether dr, nat and tun services are captured and forwarded here. Off, they are stored and decided
     * (replay works on them) but nothing is captured: a front-end that only proxies, or a machine that
     * prepares configurations. The framework property {@code rookery.capture.enabled=false} turns it off too.
     */
    @AttributeDefinition(description = "capture and forward dr, nat and tun services on this host")
    boolean enabled() default true;

    /** Worker threads per interface, each with its own libpcap handle and share of the flows; 0: one per core. */
    @AttributeDefinition(description = "worker threads per interface, flows split by hash; 0 = one per available core")
    int workers() default 0;

    /**
     * Longest frame captured; longer ones (GRO super-frames) are counted as oversize drops. 0: the
     * interface's MTU plus 18 (Ethernet header and a VLAN tag), at least 1518.
     */
    @AttributeDefinition(description = "capture snap length in bytes; 0 = the interface's MTU + 18")
    int snaplen() default 0;

    /** Kernel buffer of each libpcap handle. */
    @AttributeDefinition(description = "libpcap buffer per worker in MiB")
    int buffer_mb() default 8;

    /**
     * Most frames a worker sends with one system call ({@code sendmmsg}); queued frames go out when the
     * batch is full or the worker finds no frame to read. 1 sends each frame at once.
     */
    @AttributeDefinition(description = "frames sent per system call (sendmmsg); 1 = one send per frame")
    int send_batch() default PcapPort.DEFAULT_BATCH;

    /**
     * Whether sent frames skip the interface's queueing discipline (PACKET_QDISC_BYPASS): less CPU per
     * frame, but the frames Rookery sends are invisible to other captures on the interface (tcpdump
     * there shows the frames arriving, not the ones forwarded) and to tc. Off to debug with tcpdump.
     */
    @AttributeDefinition(description = "sent frames bypass the interface's qdisc; tcpdump on the interface then does not show them")
    boolean qdisc_bypass() default true;

    /**
     * How long a worker that finds no frame keeps asking libpcap before it sleeps, in microseconds (as the
     * kernel's {@code net.core.busy_poll}). While traffic flows the worker then never sleeps: the CPU that
     * receives a frame does not have to wake it with an interrupt, and the wake-up leaves every round trip.
     * It costs the worker's core that time after each burst; after eight empty spins in a row the worker
     * rests (sleeps at once) until frames come closer again. 0 sleeps at once.
     */
    @AttributeDefinition(description = "microseconds an idle worker keeps polling before it sleeps; 0 = sleep at once")
    int busy_poll_us() default 50;

    /** Neighbour table size per interface. */
    @AttributeDefinition(description = "entries of the neighbour (IPv4 to MAC) table per interface")
    int neighbours() default 65536;
}
