package org.rookery.proxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/** Seeded byte streams with checksums, to prove that what went in came out. */
final class Streams {

    /** Count and CRC-32 of a stream. */
    record Sum(long bytes, long crc) {
    }

    private Streams() {
    }

    /** Writes {@code size} seeded bytes; returns their sum. */
    static Sum write(OutputStream out, long seed, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[64 * 1024];
        CRC32 crc = new CRC32();
        long left = size;
        while (left > 0) {
            int n = (int) Math.min(chunk.length, left);
            for (int i = 0; i < n; i += 8) {
                long r = random.nextLong();
                for (int j = 0; j < 8 && i + j < n; j++) {
                    chunk[i + j] = (byte) (r >>> (8 * j));
                }
            }
            out.write(chunk, 0, n);
            crc.update(chunk, 0, n);
            left -= n;
        }
        out.flush();
        return new Sum(size, crc.getValue());
    }

    /** The sum of what {@link #write} produces, without writing it. */
    static Sum expected(long seed, long size) throws IOException {
        return write(OutputStream.nullOutputStream(), seed, size);
    }

    /** Reads to end of stream; returns the sum. */
    static Sum read(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        CRC32 crc = new CRC32();
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            crc.update(buf, 0, n);
            total += n;
        }
        return new Sum(total, crc.getValue());
    }

    /** Reads to end of stream as text. */
    static String readText(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Starts a daemon thread; failures are kept in {@code failure}. */
    static Thread start(String name, ThrowingRunnable body, Throwable[] failure) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A runnable that may throw. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
