package org.rookery.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Starts the front-end: sends java.util.logging to {@code DATA/log/rookery.log} (rotated at
 * {@code rookery.log.limit} bytes, default 10 MB, keeping {@code rookery.log.count} files, default 5,
 * its path published as the system property {@code rookery.log.file}), then hands over to Felix main. The file handler must exist before the framework starts: the JDK's console handler
 * would bind to {@code System.err} only at the first log record, after the Gogo runtime has replaced
 * {@code System.err} with its per-thread stream, and the records logged while a shell command runs
 * would then reach that command's client instead of the log.
 */
public final class Main {

    /** Where the log goes, read by the {@code log tail} command. */
    static final String LOG_FILE_PROPERTY = "rookery.log.file";
    private static final long DEFAULT_LIMIT = 10L << 20;
    private static final int DEFAULT_COUNT = 5;

    private Main() {
    }

    /** Entry point; the arguments are Felix main's (the framework cache folder). */
    public static void main(String[] args) throws Exception {
        String data = System.getProperty("rookery.data");
        if (data != null) {
            logToFile(Path.of(data, "log"));
        }
        org.apache.felix.main.Main.main(args);
    }

    /** Replaces the root logger's handlers by one appending to {@code dir/rookery.log}, rotated by size. */
    static Handler logToFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        LogManager.getLogManager().reset();
        Path log = dir.resolve("rookery.log").toAbsolutePath();
        Handler file = new RotatingFileHandler(log, Long.getLong("rookery.log.limit", DEFAULT_LIMIT),
                Integer.getInteger("rookery.log.count", DEFAULT_COUNT));
        System.setProperty(LOG_FILE_PROPERTY, log.toString());
        file.setFormatter(new SimpleFormatter());
        file.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(file);
        root.setLevel(Level.INFO);
        return file;
    }
}
