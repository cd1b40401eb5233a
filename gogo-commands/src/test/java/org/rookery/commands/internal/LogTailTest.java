package org.rookery.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @Test
    void theLastLinesComeInOrderAcrossReadBlocks(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("rookery.log");
        // lines longer than a read block, so that a line end falls on block borders
        Files.writeString(log, IntStream.range(0, 50).mapToObj(i -> "line " + i + " " + "x".repeat(700))
                .collect(Collectors.joining("\n", "", "\n")));
        List<String> last = LogTail.last(log, 20);
        assertEquals(20, last.size());
        assertEquals("line 30 ", last.get(0).substring(0, 8));
        assertEquals("line 49 ", last.get(19).substring(0, 8));
        assertEquals(50, LogTail.last(log, 10_000).size(), "a short file gives what it has");
    }

    @Test
    void aLastLineWithoutLineEndCountsAndAnEmptyFileGivesNothing(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("rookery.log");
        Files.writeString(log, "a\nb\nc");
        assertEquals(List.of("b", "c"), LogTail.last(log, 2));
        Files.writeString(log, "");
        assertEquals(List.of(), LogTail.last(log, 5));
    }
}
