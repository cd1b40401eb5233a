package org.rookery.commands.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.apache.felix.service.command.CommandSession;

/** The file side of the {@code config} command: where FILE is, reading and writing it, failures in one line. */
final class ConfigFiles {

    /** Larger than any real configuration; keeps a wrong FILE (a disk image, /dev/zero) from filling the heap. */
    private static final long MAX_BYTES = 16L << 20;

    private ConfigFiles() {
    }

    /** Writes beside the file and moves over it, so a failed write never leaves half a configuration behind. */
    static void write(Path file, String text) {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the reason below is the one that matters
            }
            throw new IllegalArgumentException("cannot write " + file + ": " + why(e));
        }
    }

    /** The file's lines, or one line saying why they cannot be read. */
    static List<String> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("cannot read " + file + ": " + (Files.exists(file) ? "not a file" : "no such file"));
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException("cannot read " + file + ": larger than " + (MAX_BYTES >> 20)
                        + " MB; is it a configuration file?");
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + why(e));
        }
    }

    /** The reason of an I/O failure in words, not as an exception class. */
    private static String why(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (the front-end process reads and writes it)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** An absolute FILE as it is; a relative one from the session's current directory. */
    static Path resolve(CommandSession session, String name) {
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            return p.normalize();
        }
        Path base = session == null || session.currentDir() == null ? Path.of("").toAbsolutePath() : session.currentDir();
        return base.resolve(p).normalize();
    }
}
