package org.rookery.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileHandlerTest {

    private static void log(RotatingFileHandler h, String message) {
        h.publish(new LogRecord(Level.INFO, message));
    }

    @Test
    void theCurrentFileKeepsItsNameAndOlderOnesAreNumberedUpToTheCount(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rookery.log");
        RotatingFileHandler h = new RotatingFileHandler(file, 1024, 3);
        h.setFormatter(new SimpleFormatter());
        String pad = "x".repeat(300);
        for (int i = 0; i < 20; i++) {
            log(h, "record " + i + " " + pad);
        }
        h.close();
        assertTrue(Files.readString(file).contains("record 19 "), "the newest record is in rookery.log");
        assertTrue(Files.exists(dir.resolve("rookery.log.1")));
        assertTrue(Files.exists(dir.resolve("rookery.log.2")));
        assertFalse(Files.exists(dir.resolve("rookery.log.3")), "count 3 keeps the current file and two old ones");
        for (Path p : new Path[] {file, dir.resolve("rookery.log.1"), dir.resolve("rookery.log.2")}) {
            assertTrue(Files.size(p) <= 1024, p + " is " + Files.size(p) + " bytes");
        }
        // the newest old records are in .1, older ones in .2
        int newestIn1 = lastRecord(dir.resolve("rookery.log.1"));
        int newestIn2 = lastRecord(dir.resolve("rookery.log.2"));
        assertTrue(newestIn2 < newestIn1 && newestIn1 < 19, newestIn2 + " < " + newestIn1 + " < 19");
    }

    @Test
    void aRestartAppendsToTheCurrentFileAndCountsItsSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rookery.log");
        Files.writeString(file, "y".repeat(1000) + "\n");
        RotatingFileHandler h = new RotatingFileHandler(file, 1024, 2);
        h.setFormatter(new SimpleFormatter());
        log(h, "after restart " + "z".repeat(100));
        h.close();
        assertEquals(1001, Files.size(dir.resolve("rookery.log.1")), "the full file was rotated, not appended to");
        assertTrue(Files.readString(file).contains("after restart"));
    }

    private static int lastRecord(Path p) throws Exception {
        int last = -1;
        for (String line : Files.readAllLines(p)) {
            if (line.contains("record ")) {
                last = Integer.parseInt(line.replaceAll(".*record (\\d+) .*", "$1"));
            }
        }
        return last;
    }
}
