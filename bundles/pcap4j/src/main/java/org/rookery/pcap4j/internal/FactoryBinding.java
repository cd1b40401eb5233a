package org.rookery.pcap4j.internal;

import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.EtherType;

/**
 * Binds pcap4j's packet factories through a chosen class loader, and checks that a TCP frame parses.
 *
 * <p>{@code PacketFactories} finds its binder in a static initializer with {@code ServiceLoader.load},
 * which reads the thread context class loader. Under OSGi that loader is whatever the calling thread
 * happens to carry and does not see this bundle's {@code META-INF/services}, so no binder is found,
 * pcap4j warns once, and from then on every packet is an {@code UnknownPacket}. The
 * initializer runs once per class loader, so running it first with this bundle's loader as context
 * fixes the binder for every later caller, whatever its context loader.
 */
public final class FactoryBinding {

    /** An Ethernet/IPv4/TCP SYN, 192.0.2.1:40000 to 192.0.2.10:80, checksums right. */
    static final byte[] TCP_FRAME = tcpFrame();

    private FactoryBinding() {
    }

    /**
     * Initializes pcap4j's factories with {@code loader} as the context class loader (a no-op when
     * they are initialized already) and returns whether a TCP frame now parses.
     */
    public static boolean bind(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            PacketFactories.getFactory(Packet.class, EtherType.class);
        } finally {
            thread.setContextClassLoader(before);
        }
        return parsesTcp();
    }

    /** True when pcap4j turns a raw TCP frame into an Ethernet packet holding IPv4 and TCP. */
    public static boolean parsesTcp() {
        try {
            Packet p = EthernetPacket.newPacket(TCP_FRAME, 0, TCP_FRAME.length);
            return p.get(IpV4Packet.class) != null && p.get(TcpPacket.class) != null;
        } catch (IllegalRawDataException e) {
            return false;
        }
    }

    private static byte[] tcpFrame() {
        byte[] f = new byte[54];
        put(f, 0, 0x0200, 0x0000, 0x0001, 0x0200, 0x0000, 0x0002, 0x0800);      // Ethernet
        put(f, 14, 0x4500, 40, 0x0001, 0x4000, 0x4006, 0, 0xC000, 0x0201, 0xC000, 0x020A); // IPv4
        put(f, 34, 40000, 80, 0, 1, 0, 0, 0x5002, 0xFFFF, 0, 0);                 // TCP SYN
        put(f, 24, checksum(f, 14, 20, 0));
        // TCP pseudo header: addresses, protocol, TCP length
        int pseudo = 0xC000 + 0x0201 + 0xC000 + 0x020A + 6 + 20;
        put(f, 50, checksum(f, 34, 20, pseudo));
        return f;
    }

    private static void put(byte[] b, int at, int... words) {
        for (int i = 0; i < words.length; i++) {
            b[at + 2 * i] = (byte) (words[i] >>> 8);
            b[at + 2 * i + 1] = (byte) words[i];
        }
    }

    private static int checksum(byte[] b, int off, int len, int initial) {
        long sum = initial;
        for (int i = off; i < off + len; i += 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) ~sum & 0xFFFF;
    }
}
