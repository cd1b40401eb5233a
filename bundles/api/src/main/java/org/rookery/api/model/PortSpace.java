package org.rookery.api.model;

/**
 * The private port space: from {@code base} on, one slice of {@code slice} ports per node index.
 * Node index {@code i} owns ports {@code base + i*slice} to {@code base + (i+1)*slice - 1};
 * the original design used 16 nodes of 4096 ports.
 *
 * @param base first port of slice 0, 0 disables the port space
 * @param slice ports per node
 */
public record PortSpace(int base, int slice) {

    /** The port space switched off. */
    public static final PortSpace DISABLED = new PortSpace(0, 0);

    /** Validates that at least one whole slice fits below 65536. */
    public PortSpace {
        boolean off = base == 0 && slice == 0;
        if (!off && (base < 1 || base > 65535)) {
            throw new IllegalArgumentException("port-space base " + base + " is outside 1-65535");
        }
        if (!off && (slice < 1 || base + slice - 1 > 65535)) {
            throw new IllegalArgumentException("slice " + slice + " does not fit above base " + base
                    + "; expected 1 <= slice <= " + (65536 - base));
        }
    }

    /** True when the port space is switched off. */
    public boolean disabled() {
        return slice == 0;
    }

    /** How many whole slices fit below 65536. */
    public int slices() {
        return disabled() ? 0 : (65536 - base) / slice;
    }

    /** The slice index owning a port, or -1 when the port lies outside every slice. */
    public int indexOf(int port) {
        if (disabled() || port < base) {
            return -1;
        }
        int i = (port - base) / slice;
        return i < slices() ? i : -1;
    }

    /** The ports of slice {@code index}. */
    public PortRange sliceOf(int index) {
        if (index < 0 || index >= slices()) {
            throw new IllegalArgumentException("slice index " + index + " is outside 0-" + (slices() - 1));
        }
        int first = base + index * slice;
        return new PortRange(first, first + slice - 1);
    }
}
