package org.rookery.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Starts the front-end: sends java.util.logging to {@code DATA/log/rookery.log}, then hands over to
 * Felix main. The file handler must exist before the framework starts: the JDK's console handler
 * would bind to {@code System.err} only at the first log record, after the Gogo runtime has replaced
 * {@code System.err} with its per-thread stream, and the records logged while a shell command runs
 * would then reach that command's client instead of the log.
 */
public final class Main {

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

    /** Replaces the root logger's handlers by one appending to {@code dir/rookery.log}. */
    static FileHandler logToFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        LogManager.getLogManager().reset();
        FileHandler file = new FileHandler(dir.resolve("rookery.log").toString(), true);
        file.setFormatter(new SimpleFormatter());
        file.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(file);
        root.setLevel(Level.INFO);
        return file;
    }
}
