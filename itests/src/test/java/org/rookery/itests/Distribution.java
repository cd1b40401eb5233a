package org.rookery.itests;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A private copy of the built distribution, driven through {@code bin/rookery} exactly as an operator
 * drives it: start, stop, exec, files dropped into {@code deploy/} and {@code conf/}.
 */
final class Distribution implements AutoCloseable {

    /** What a command printed and how it ended. */
    record Result(int status, String out, String err) {
        boolean ok() {
            return status == 0;
        }

        @Override
        public String toString() {
            return "status " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    final Path home;
    final int shellPort;
    /** The admin HTTP listener's port (ROOKERY_ADMIN_PORT), free when copied, so runs never collide on 9280. */
    final int adminPort;

    private Distribution(Path home, int shellPort, int adminPort) {
        this.home = home;
        this.shellPort = shellPort;
        this.adminPort = adminPort;
    }

    /** Copies the built distribution to {@code target/dist-it/NAME}, replacing an earlier copy. */
    static Distribution copy(String name) throws IOException {
        Path source = Paths.get(System.getProperty("rookery.distribution", "../distribution/target/rookery"));
        Path home = Paths.get(System.getProperty("rookery.itest.work", "target/itest-work")).resolve("dist-" + name)
                .toAbsolutePath();
        delete(home);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = home.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (!p.toString().contains("/data/")) {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        try (ServerSocket s = new ServerSocket(0); ServerSocket a = new ServerSocket(0)) {
            return new Distribution(home, s.getLocalPort(), a.getLocalPort());
        }
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs {@code bin/rookery ARGS} with no terminal and returns its outcome. */
    Result rookery(String... args) throws IOException, InterruptedException {
        return rookeryIn(null, args);
    }

    /** As {@link #rookery}, run from the working directory {@code dir} (null: this process's). */
    Result rookeryIn(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/rookery").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        environment(pb);
        Path out = Files.createTempFile("rookery-out", ".txt");
        Path err = Files.createTempFile("rookery-err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/rookery " + String.join(" ", args) + " did not end in 120 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** Points a process of this distribution at its own ports. */
    void environment(ProcessBuilder pb) {
        pb.environment().put("ROOKERY_SHELL_PORT", Integer.toString(shellPort));
        pb.environment().put("ROOKERY_ADMIN_PORT", Integer.toString(adminPort));
    }

    /** {@code bin/rookery exec LINE}. */
    Result exec(String line) throws IOException, InterruptedException {
        return rookery("exec", line);
    }

    /** Runs a command until its output satisfies the condition or the time is up; returns the last output. */
    Result await(String line, Predicate<Result> condition, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Result r = exec(line);
        while (!condition.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = exec(line);
        }
        return r;
    }

    /** The pid in {@code data/rookery.pid}, or -1. */
    long pid() throws IOException {
        Path f = home.resolve("data/rookery.pid");
        return Files.exists(f) ? Long.parseLong(Files.readString(f).trim()) : -1;
    }

    @Override
    public void close() throws Exception {
        if (pid() > 0) {
            rookery("stop");
        }
    }
}
