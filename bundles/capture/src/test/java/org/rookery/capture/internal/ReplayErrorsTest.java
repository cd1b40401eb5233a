package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every wrong argument or file is one line saying what is wrong, and nothing is written. */
class ReplayErrorsTest {

    @TempDir
    Path dir;

    private final LiveCluster live = new LiveCluster();

    private String error(Object... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> live.replayer().replay(ReplayRequest.parse(words)));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void argumentsAreCheckedWithTheUsage() {
        assertEquals("missing FILE.pcap; usage: " + ReplayRequest.USAGE, error());
        assertTrue(error("a.pcap", "--speed", "2").startsWith("unknown option --speed; expected --service, --policy or --out; usage:"));
        assertTrue(error("a.pcap", "--out").startsWith("option --out needs a value"));
        assertTrue(error("a.pcap", "b.pcap").startsWith("unexpected argument 'b.pcap'"));
    }

    @Test
    void missingAndForeignFilesAreNamed() throws Exception {
        Path missing = dir.resolve("missing.pcap");
        assertEquals("no such file: " + missing + "; expected a pcap file", error(missing.toString()));
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a capture\n");
        assertTrue(error(text.toString()).startsWith(text + " is not a pcap file: "), error(text.toString()));
        ByteBuffer raw = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        raw.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        Path ip = Files.write(dir.resolve("raw-ip.pcap"), raw.array());
        assertTrue(error(ip.toString()).matches(".* holds .*frames; replay reads Ethernet captures \\(link type 1\\)"), error(ip.toString()));
    }

    @Test
    void unknownServicePolicyAndOutputPlacesAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path in = TestFrames.write(dir.resolve("mix.pcap"), ReplayerTest.mix(false));
        Path out = dir.resolve("out.pcap");
        assertEquals("no service named mail; see 'service list'", error(in.toString(), "--service", "mail", "--out", out.toString()));
        assertEquals("no policy named maglev is installed; installed: sh, wrr (see 'policies')",
                error(in.toString(), "--policy", "maglev", "--out", out.toString()));
        assertTrue(error(in.toString(), "--out", dir.resolve("no/such/dir/out.pcap").toString()).contains(": no such directory "));
        assertTrue(error(in.toString(), "--out", in.toString()).contains("is the input file"));
        assertFalse(Files.exists(out));
    }

    @Test
    void aDamagedCaptureLeavesNoOutputBehind() throws Exception {
        byte[] whole = Files.readAllBytes(TestFrames.write(dir.resolve("whole.pcap"), ReplayerTest.mix(false)));
        Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 20));
        Path out = dir.resolve("out.pcap");
        String e = error(cut.toString(), "--out", out.toString());
        assertTrue(e.startsWith(cut + " is damaged: "), e);
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("out.pcap.part")));
    }
}
