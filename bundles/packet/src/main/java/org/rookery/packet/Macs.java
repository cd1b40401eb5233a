package org.rookery.packet;

/** MAC addresses held as the low 48 bits of a long, the form the rewriters take without allocating. */
public final class Macs {

    private Macs() {
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (or with dashes); throws IllegalArgumentException saying what is wrong. */
    public static long parse(String text) {
        String s = text == null ? "" : text.trim();
        String[] parts = s.split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address; expected six hex pairs like 02:00:00:00:00:01");
        }
        long mac = 0;
        for (String part : parts) {
            if (part.length() != 2 || Character.digit(part.charAt(0), 16) < 0 || Character.digit(part.charAt(1), 16) < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address; expected six hex pairs like 02:00:00:00:00:01");
            }
            mac = (mac << 8) | Integer.parseInt(part, 16);
        }
        return mac;
    }

    /** The MAC stored at {@code b[at, at+6)}. */
    public static long read(byte[] b, int at) {
        return ((long) Bytes.u16(b, at) << 32) | (Bytes.i32(b, at + 2) & 0xFFFFFFFFL);
    }

    /** Lower-case colon-separated text of a MAC (allocates; for logs and commands). */
    public static String toString(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                sb.append(':');
            }
            int octet = (int) (mac >>> shift) & 0xFF;
            sb.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
        }
        return sb.toString();
    }
}
