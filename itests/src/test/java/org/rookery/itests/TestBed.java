package org.rookery.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The packet test bed ({@code testbed/testbed.sh}) driven as an operator drives it: up, down, commands
 * run in its namespaces, Rookery started in the front-end namespace. Prefix {@code rkti} (or the system
 * property {@code rookery.testbed.prefix}, so that two checkouts can run their beds side by side), so that a
 * test bed built by hand (prefix {@code rkt}) is left alone.
 */
final class TestBed implements AutoCloseable {

    static final String PREFIX = System.getProperty("rookery.testbed.prefix", "rkti");

    final Path script;
    final Path distribution;
    final Map<String, String> env = new LinkedHashMap<>();

    private TestBed(Path script, Path distribution) {
        this.script = script;
        this.distribution = distribution;
    }

    /** Fails with the exact reason unless this runs as root (namespaces, veths and sysctls need it). */
    static void requireRoot(String test) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u").start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        if (!"0".equals(uid)) {
            fail(test + " must run as root: it builds network namespaces, veths and a bridge with testbed/testbed.sh; "
                    + "this runs as uid " + uid + " (CI runs as root; run 'sudo mvn -B verify')");
        }
    }

    /** Builds the test bed in the mode (dr, nat or tun), replacing one of another mode. */
    static TestBed up(String mode) throws Exception {
        Path root = Paths.get(System.getProperty("rookery.repo", "..")).toAbsolutePath().normalize();
        TestBed bed = new TestBed(root.resolve("testbed/testbed.sh"),
                Paths.get(System.getProperty("rookery.distribution", "../distribution/target/rookery")).toAbsolutePath().normalize());
        Distribution.Result r = bed.script("up", "--mode", mode, "--prefix", PREFIX);
        assertTrue("testbed.sh up --mode " + mode + ": " + r, r.ok());
        bed.readEnv();
        return bed;
    }

    private void readEnv() throws Exception {
        Distribution.Result r = script("env", "--prefix", PREFIX);
        assertTrue(r.toString(), r.ok());
        env.clear();
        for (String line : r.out().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
    }

    /** A value of {@code testbed.sh env}: VIP, CL_IP, N1_MAC, ... */
    String get(String key) {
        String v = env.get(key);
        if (v == null) {
            throw new IllegalArgumentException("testbed.sh env has no " + key + ": " + env);
        }
        return v;
    }

    /** Runs {@code testbed.sh ARGS}. */
    Distribution.Result script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        cmd.addAll(List.of(args));
        return exec(cmd, 120);
    }

    /** Runs CMD in the test bed's namespace NS (cl, fe, n1, n2, n3, sw). */
    Distribution.Result run(String ns, String... cmd) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", PREFIX + "-" + ns));
        all.addAll(List.of(cmd));
        return exec(all, 120);
    }

    /** Starts CMD in namespace NS without waiting; output goes to the files returned. */
    Process start(String ns, Path out, String... cmd) throws IOException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", PREFIX + "-" + ns));
        all.addAll(List.of(cmd));
        return new ProcessBuilder(all).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
    }

    /** One HTTP GET from the client namespace on a connection of its own; the body, or a failure with the reason. */
    String http(String hostPort, String path) throws IOException, InterruptedException {
        Distribution.Result r = run("cl", "curl", "-sS", "-m", "5", "-H", "Connection: close", "http://" + hostPort + path);
        assertTrue("curl http://" + hostPort + path + " from the client: " + r, r.ok());
        return r.out();
    }

    /** N datagrams from the client namespace, each from a new source port; one answer (or "timeout") per line. */
    List<String> udp(String host, int port, int count) throws IOException, InterruptedException {
        Distribution.Result r = run("cl", "python3", script.resolveSibling("client.py").toString(), "udp", host, Integer.toString(port),
                "--count", Integer.toString(count));
        assertTrue(r.toString(), r.ok());
        return List.of(r.out().split("\n"));
    }

    /** The node name that starts an answer ("n2 client=..."). */
    static String node(String answer) {
        return answer.trim().split(" ", 2)[0];
    }

    /** How many answers each node gave. */
    static Map<String, Integer> spread(List<String> answers) {
        Map<String, Integer> m = new TreeMap<>();
        for (String a : answers) {
            m.merge(node(a), 1, Integer::sum);
        }
        return m;
    }

    /** {@code bin/rookery ARGS} inside the front-end namespace (testbed.sh rookery ...). */
    Distribution.Result rookery(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("rookery"));
        all.addAll(List.of(args));
        all.add(0, "--prefix");
        all.add(1, PREFIX);
        return script(all.toArray(String[]::new));
    }

    /** Starts Rookery in the front-end namespace (the built distribution, data in the test bed's state). */
    void startRookery() throws Exception {
        Distribution.Result r = script("--prefix", PREFIX, "rookery", "start", "--dist", distribution.toString());
        assertTrue("rookery start in the front-end: " + r, r.ok());
    }

    /** {@code bin/rookery exec LINE} in the front-end namespace. */
    Distribution.Result exec(String line) throws IOException, InterruptedException {
        return rookery("exec", line);
    }

    private static Distribution.Result exec(List<String> cmd, int seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("testbed-out", ".txt");
        Path err = Files.createTempFile("testbed-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not end in " + seconds + " s");
            }
            return new Distribution.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Removes the test bed: namespaces, processes (Rookery too) and state. */
    @Override
    public void close() throws Exception {
        Distribution.Result r = script("down", "--prefix", PREFIX);
        assertTrue("testbed.sh down: " + r, r.ok());
    }
}
