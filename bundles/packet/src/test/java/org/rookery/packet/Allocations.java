package org.rookery.packet;

import java.lang.management.ManagementFactory;

/** Bytes a body allocates on the calling thread, for the zero-allocation tests of every hot path. */
public final class Allocations {

    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    /** Whether this JVM counts bytes per thread at all (a test that relies on it asserts this first). */
    public static boolean supported() {
        return MX.isThreadAllocatedMemorySupported();
    }

    /** Runs {@code body} {@code times} times to warm up (so compiled code is measured), then again, counting. */
    public static long measure(int times, Runnable body) {
        for (int i = 0; i < times; i++) {
            body.run();
        }
        long tid = Thread.currentThread().getId();
        long before = MX.getThreadAllocatedBytes(tid);
        for (int i = 0; i < times; i++) {
            body.run();
        }
        return MX.getThreadAllocatedBytes(tid) - before;
    }
}
