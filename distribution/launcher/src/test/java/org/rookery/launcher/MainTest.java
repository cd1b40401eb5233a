package org.rookery.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @Test
    void recordsGoToTheFileEvenWhenSystemErrIsReplacedLater(@TempDir Path dir) throws Exception {
        Handler file = Main.logToFile(dir);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true)); // as Gogo's ThreadIO does
        try {
            Logger.getLogger("org.rookery.test").info("proxy: service web listening");
        } finally {
            System.setErr(err);
            file.close();
        }
        assertTrue(Files.readString(dir.resolve("rookery.log")).contains("proxy: service web listening"));
        assertTrue(captured.size() == 0, "the record leaked to the replaced System.err: " + captured);
    }
}
