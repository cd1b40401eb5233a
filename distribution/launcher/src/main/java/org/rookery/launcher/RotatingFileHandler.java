package org.rookery.launcher;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * Appends log records to one file and rotates it by size: when the next record would take the file past
 * {@code limit} bytes, {@code FILE.(count-2)} becomes {@code FILE.(count-1)}, ..., {@code FILE} becomes
 * {@code FILE.1}, and a new {@code FILE} is begun. Unlike the JDK's FileHandler, the current file keeps
 * its plain name ({@code rookery.log}), so {@code tail -f}, {@code log tail} and bin/rookery's failure
 * message always read the right one, and no lock file is left beside it.
 */
final class RotatingFileHandler extends StreamHandler {

    private final Path file;
    private final long limit;
    private final int count;
    private long written;

    /** Appends to {@code file}; keeps at most {@code count} files (current one included) of about {@code limit} bytes. */
    RotatingFileHandler(Path file, long limit, int count) throws IOException {
        this.file = file;
        this.limit = Math.max(1024, limit);
        this.count = Math.max(1, count);
        open();
    }

    private void open() throws IOException {
        written = Files.exists(file) ? Files.size(file) : 0;
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        setOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                written++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                written += len;
            }
        });
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String text;
        try {
            text = getFormatter().format(record);
        } catch (RuntimeException e) {
            reportError(null, e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        // a record is never split over two files; an empty file takes even an oversized one
        if (written > 0 && written + text.length() > limit) {
            rotate();
        }
        super.publish(record);
        flush(); // the log is read while the front-end runs (log tail, tail -f, a failed start)
    }

    private void rotate() {
        Level level = getLevel();
        setLevel(Level.OFF); // the close below must not log through this very handler
        super.close();
        try {
            Files.deleteIfExists(numbered(count - 1));
            for (int i = count - 2; i >= 1; i--) {
                if (Files.exists(numbered(i))) {
                    Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (count > 1) {
                Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.delete(file);
            }
        } catch (IOException e) {
            reportError("cannot rotate " + file, e, ErrorManager.GENERIC_FAILURE);
        }
        try {
            open();
        } catch (IOException e) {
            reportError("cannot reopen " + file, e, ErrorManager.OPEN_FAILURE);
        }
        setLevel(level);
    }

    private Path numbered(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }
}
