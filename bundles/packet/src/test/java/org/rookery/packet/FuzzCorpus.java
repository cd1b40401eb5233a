package org.rookery.packet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.rookery.api.model.FlowKey;

/**
 * The fuzzing corpus and mutator shared by the parser's fuzz test and the dispatcher's: real captures
 * plus hand-made frames, and mutations aimed at the header fields that parsers get wrong.
 */
public final class FuzzCorpus {

    private static final int[] INTERESTING = {0x00, 0xFF, 0x45, 0x46, 0x4F, 0x40, 0x60, 0x06, 0x11, 0x01, 0x3A, 0x2C, 0x2B,
        0x3C, 0x00, 0x33, 0x32, 0x3B, 0x81, 0x08, 0x86, 0xDD, 0x03, 0x0B, 0x0C, 0x80, 0x7F, 0x50, 0x05, 0x02};

    /** A base frame and where its headers are, so mutations can aim at fields. */
    public record Base(byte[] frame, int[] fields) {
    }

    private FuzzCorpus() {
    }

    /** Copies a base frame into {@code work} with one to three mutations; returns the new length. */
    public static int mutate(Base base, byte[] work, SplittableRandom rnd) {
        byte[] f = base.frame();
        int len = f.length;
        System.arraycopy(f, 0, work, 0, len);
        int n = 1 + rnd.nextInt(3);
        for (int m = 0; m < n; m++) {
            int kind = rnd.nextInt(10);
            switch (kind) {
                case 0, 1 -> { // bit flip, mostly in the headers
                    int at = headerBiased(rnd, len);
                    if (at >= 0) {
                        work[at] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 2, 3 -> { // a byte set to an interesting or random value
                    int at = headerBiased(rnd, len);
                    if (at >= 0) {
                        work[at] = (byte) (rnd.nextBoolean() ? INTERESTING[rnd.nextInt(INTERESTING.length)] : rnd.nextInt(256));
                    }
                }
                case 4 -> len = rnd.nextInt(len + 1); // truncation
                case 5, 6 -> { // a length or header-size field corrupted
                    int at = base.fields()[rnd.nextInt(base.fields().length)];
                    if (at >= 0 && at + 1 < len) {
                        int old = ((work[at] & 0xFF) << 8) | (work[at + 1] & 0xFF);
                        int neu = switch (rnd.nextInt(4)) {
                            case 0 -> old + rnd.nextInt(9) - 4;
                            case 1 -> rnd.nextInt(0x10000);
                            case 2 -> 0;
                            default -> old ^ (1 << rnd.nextInt(16));
                        };
                        work[at] = (byte) (neu >>> 8);
                        work[at + 1] = (byte) neu;
                    }
                }
                case 7 -> { // random extension: bytes appended past the datagram
                    int extra = 1 + rnd.nextInt(64);
                    if (len + extra <= work.length) {
                        for (int i = 0; i < extra; i++) {
                            work[len + i] = (byte) rnd.nextInt(256);
                        }
                        len += extra;
                    }
                }
                case 8 -> { // the IP length grown to claim appended bytes, so they become part of the datagram
                    int at = base.fields()[0];
                    int extra = 1 + rnd.nextInt(40);
                    if (at >= 0 && at + 1 < len && len + extra <= work.length) {
                        int old = ((work[at] & 0xFF) << 8) | (work[at + 1] & 0xFF);
                        work[at] = (byte) ((old + extra) >>> 8);
                        work[at + 1] = (byte) (old + extra);
                        for (int i = 0; i < extra; i++) {
                            work[len + i] = (byte) rnd.nextInt(256);
                        }
                        len += extra;
                    }
                }
                default -> { } // none: some frames pass through as captured
            }
        }
        return len;
    }

    private static int headerBiased(SplittableRandom rnd, int len) {
        if (len == 0) {
            return -1;
        }
        return rnd.nextInt(4) == 0 ? rnd.nextInt(len) : rnd.nextInt(Math.min(len, 120));
    }

    /** The real captures plus hand-made frames of the kinds they lack (VLAN, IPv6 chains, ICMP errors quoting TCP). */
    public static List<Base> corpus() {
        PacketView v = new PacketView();
        List<byte[]> frames = new ArrayList<>(Captures.ethernetFrames());
        frames.add(Frames.eth(0x0064, 0x0800, Frames.ipv4(Frames.CLIENT4, Frames.VIP4, 6, new byte[8], 0x4000,
                Frames.tcp(40000, 80, FlowKey.SYN, 12, new byte[0])), 0));
        frames.add(Frames.eth6(Frames.ipv6(Frames.CLIENT6, Frames.VIP6, 0, RefChecksum.concat(Frames.ext(43, 0),
                Frames.routing(44, 1, Frames.NODE6), Frames.fragment(51, 0, true), Frames.ah(6, 4)), 6,
                Frames.tcp(1, 2, 0, 0, new byte[16]), false)));
        frames.add(Frames.eth4(Frames.ipv4(Frames.ROUTER4, Frames.VIP4, 1, new byte[0], 0,
                Frames.icmp(3, 4, 1400, Frames.replyV4(6)))));
        frames.add(Frames.eth6(Frames.ipv6(Frames.ROUTER6, Frames.VIP6, 58, Frames.icmp(2, 0, 1280, Frames.replyV6(6)))));
        frames.add(Frames.eth6(Frames.ipv6(Frames.ROUTER6, Frames.VIP6, 58, Frames.icmp(1, 4, 0, Frames.replyV6(17)))));
        List<Base> corpus = new ArrayList<>();
        for (byte[] f : frames) {
            v.wrap(f, 0, f.length).parse(null);
            int l3 = v.l3Offset();
            int l4 = v.l4Offset();
            int q = v.innerL3Offset();
            boolean v4 = v.ipVersion() == 4;
            int ipLength = !v.hasL3() ? -1 : v4 ? l3 + 2 : l3 + 4;
            int[] fields = {
                ipLength,
                v.hasL3() ? l3 : -1, // version and IHL (or traffic class)
                v.hasL3() && v4 ? l3 + 6 : v.hasL3() ? l3 + 6 : -1, // fragment field, or next header and hop limit
                v.reason() == Reason.OK ? l4 + 4 : -1, // UDP length, TCP sequence or ICMP rest
                v.reason() == Reason.OK ? l4 + 12 : -1, // TCP data offset and flags
                q >= 0 ? q + 2 : -1, // the quote's length field
                q >= 0 ? q : -1,
                12, // ethertype
            };
            corpus.add(new Base(f, fields));
        }
        return corpus;
    }
}
