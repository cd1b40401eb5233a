package org.rookery.commands.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The last lines of a text file, read backwards from its end so that a 10 MB log costs only what is shown. */
final class LogTail {

    private static final int BLOCK = 8192;

    private LogTail() {
    }

    /** Up to {@code n} last lines, oldest first, without their line ends. */
    static List<String> last(Path file, int n) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long end = f.length();
            long pos = end;
            int newlines = 0;
            byte[] block = new byte[BLOCK];
            // a final line end closes the last line; it does not start an empty one
            if (end > 0) {
                f.seek(end - 1);
                if (f.read() == '\n') {
                    end--;
                    pos = end;
                }
            }
            long start = 0;
            search:
            while (pos > 0) {
                int len = (int) Math.min(BLOCK, pos);
                pos -= len;
                f.seek(pos);
                f.readFully(block, 0, len);
                for (int i = len - 1; i >= 0; i--) {
                    if (block[i] == '\n' && ++newlines == n) {
                        start = pos + i + 1;
                        break search;
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            f.seek(start);
            for (long left = end - start; left > 0; ) {
                int len = (int) Math.min(BLOCK, left);
                f.readFully(block, 0, len);
                out.write(block, 0, len);
                left -= len;
            }
            if (out.size() == 0) {
                return List.of();
            }
            String text = out.toString(StandardCharsets.UTF_8);
            return new ArrayList<>(Arrays.asList(text.replace("\r\n", "\n").split("\n", -1)));
        }
    }
}
