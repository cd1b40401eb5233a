package org.rookery.api.load;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.rookery.api.model.PortRange;

/**
 * The wire format between node agents and the front-end, one UDP datagram per message, big-endian:
 * {@code "RKA1"}, type (1 report, 2 slice request, 3 slice grant), flags (bit 0: signed), sequence (8),
 * timestamp ms (8), node name (length byte + UTF-8), the type's body, then when signed the HMAC-SHA256 of
 * everything before it (32 bytes) under the shared key. Checking sequence and age is the receiver's job,
 * because only it knows the last sequence it accepted.
 */
public final class AgentProtocol {

    /** A load report. */
    public static final int REPORT = 1;
    /** A node asking for its port slice. */
    public static final int SLICE_REQUEST = 2;
    /** The front-end's answer to a slice request. */
    public static final int SLICE_GRANT = 3;
    /** Shortest key accepted: shorter shared secrets are guessable. */
    public static final int MIN_KEY_BYTES = 16;
    /** Largest datagram either side sends or reads. */
    public static final int MAX_DATAGRAM = 1400;

    private static final int MAGIC = 0x524B4131; // "RKA1"
    private static final int MAC_BYTES = 32;

    private AgentProtocol() {
    }

    /** Why a datagram was not accepted as a message. */
    public enum Drop {
        /** Not a message of this protocol or cut short. */
        MALFORMED("malformed"),
        /** Carries no signature. */
        UNSIGNED("unsigned"),
        /** Its signature does not match under our key. */
        BAD_SIGNATURE("bad-signature");

        private final String counter;

        Drop(String counter) {
            this.counter = counter;
        }

        /** The counter name the receiver shows. */
        public String counter() {
            return counter;
        }
    }

    /** A datagram refused for {@link #drop()}. */
    public static final class RejectedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Drop drop;

        /** A rejection for a reason. */
        public RejectedException(Drop drop, String message) {
            super(message);
            this.drop = drop;
        }

        /** The reason. */
        public Drop drop() {
            return drop;
        }
    }

    /** A decoded, signature-checked message: exactly one of {@code report}, {@code request} or {@code grant} is set. */
    public record Message(int type, String node, long sequence, long timestampMillis, LoadReport report,
                          SliceGrant grant) {
    }

    /** Reads a key file: its bytes with trailing blanks and newlines removed; at least {@link #MIN_KEY_BYTES}. */
    public static byte[] key(byte[] fileContent, String fileName) {
        int end = fileContent.length;
        while (end > 0 && Character.isWhitespace(fileContent[end - 1])) {
            end--;
        }
        if (end < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("key file " + fileName + " holds " + end + " bytes; at least "
                    + MIN_KEY_BYTES + " are needed (e.g. head -c 32 /dev/urandom | base64 > " + fileName + ")");
        }
        return java.util.Arrays.copyOf(fileContent, end);
    }

    /** A signed report. */
    public static byte[] encodeReport(LoadReport r, byte[] key) {
        ByteBuffer b = header(REPORT, r.node(), r.sequence(), r.timestampMillis());
        b.putInt(r.intervalMillis()).putDouble(r.loadAverage()).putInt(r.cpus()).putDouble(r.cpu())
                .putInt(r.activeConnections()).putDouble(r.memoryUsed()).putInt(r.weightHint());
        return sign(b, key);
    }

    /** A signed slice request. */
    public static byte[] encodeSliceRequest(String node, long sequence, long timestampMillis, byte[] key) {
        return sign(header(SLICE_REQUEST, node, sequence, timestampMillis), key);
    }

    /** A signed slice grant. */
    public static byte[] encodeSliceGrant(SliceGrant g, byte[] key) {
        ByteBuffer b = header(SLICE_GRANT, g.node(), g.sequence(), g.timestampMillis());
        b.putInt(g.base()).putInt(g.slice()).putInt(g.index());
        putString(b, g.vip());
        int n = Math.min(g.servicePorts().size(), 64);
        b.put((byte) n);
        for (int i = 0; i < n; i++) {
            b.putShort((short) g.servicePorts().get(i).first()).putShort((short) g.servicePorts().get(i).last());
        }
        return sign(b, key);
    }

    /** The same bytes without a signature, as an unsigned sender would send them (for tests and tools). */
    public static byte[] unsigned(byte[] signed) {
        byte[] out = java.util.Arrays.copyOf(signed, signed.length - MAC_BYTES);
        out[5] = 0;
        return out;
    }

    /** Decodes and verifies one datagram of {@code length} bytes. */
    public static Message decode(byte[] data, int length, byte[] key) throws RejectedException {
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        try {
            if (b.getInt() != MAGIC) {
                throw new RejectedException(Drop.MALFORMED, "not an agent message");
            }
            int type = b.get();
            int flags = b.get();
            if ((flags & 1) == 0) {
                throw new RejectedException(Drop.UNSIGNED, "message is not signed");
            }
            if (length < MAC_BYTES + 6) {
                throw new RejectedException(Drop.MALFORMED, "message too short");
            }
            byte[] expected = mac(key, data, length - MAC_BYTES);
            byte[] got = java.util.Arrays.copyOfRange(data, length - MAC_BYTES, length);
            if (!MessageDigest.isEqual(expected, got)) { // constant time: no timing oracle on the signature
                throw new RejectedException(Drop.BAD_SIGNATURE, "signature does not match the shared key");
            }
            b.limit(length - MAC_BYTES);
            long seq = b.getLong();
            long ts = b.getLong();
            String node = getString(b);
            switch (type) {
                case REPORT: {
                    LoadReport r = new LoadReport(node, seq, ts, b.getInt(), b.getDouble(), b.getInt(), b.getDouble(),
                            b.getInt(), b.getDouble(), b.getInt());
                    return new Message(type, node, seq, ts, r, null);
                }
                case SLICE_REQUEST:
                    return new Message(type, node, seq, ts, null, null);
                case SLICE_GRANT: {
                    int base = b.getInt();
                    int slice = b.getInt();
                    int index = b.getInt();
                    String vip = getString(b);
                    int n = b.get() & 0xff;
                    List<PortRange> ports = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        ports.add(new PortRange(b.getShort() & 0xffff, b.getShort() & 0xffff));
                    }
                    return new Message(type, node, seq, ts, null, new SliceGrant(node, seq, ts, base, slice, index, vip, ports));
                }
                default:
                    throw new RejectedException(Drop.MALFORMED, "unknown message type " + type);
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new RejectedException(Drop.MALFORMED, "malformed message: " + e.getMessage());
        }
    }

    private static ByteBuffer header(int type, String node, long seq, long ts) {
        ByteBuffer b = ByteBuffer.allocate(MAX_DATAGRAM);
        b.putInt(MAGIC).put((byte) type).put((byte) 1).putLong(seq).putLong(ts);
        putString(b, node);
        return b;
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("'" + s + "' is longer than 255 bytes");
        }
        b.put((byte) bytes.length).put(bytes);
    }

    private static String getString(ByteBuffer b) {
        byte[] bytes = new byte[b.get() & 0xff];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] sign(ByteBuffer b, byte[] key) {
        int n = b.position();
        byte[] out = new byte[n + MAC_BYTES];
        System.arraycopy(b.array(), 0, out, 0, n);
        System.arraycopy(mac(key, out, n), 0, out, n, MAC_BYTES);
        return out;
    }

    private static byte[] mac(byte[] key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
