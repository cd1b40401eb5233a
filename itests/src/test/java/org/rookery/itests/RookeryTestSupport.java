package org.rookery.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;

/**
 * Boots the distribution's own bundle set (every jar of {@code distribution/target/rookery/bundle})
 * in Felix, with Config Admin and fileinstall pointed at a per-class work folder and the command
 * server on a free loopback port, and runs shell commands as an operator would.
 */
public abstract class RookeryTestSupport {

    @Inject
    protected BundleContext context;

    @Inject
    protected CommandProcessor commandProcessor;

    /** The Pax Exam configuration: the distribution's bundles plus JUnit. */
    @Configuration
    public Option[] config() throws IOException {
        File dist = new File(System.getProperty("rookery.distribution", "../distribution/target/rookery"));
        File[] jars = new File(dist, "bundle").listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no bundles in " + dist + "/bundle: build the distribution first (mvn install)");
        }
        Arrays.sort(jars);
        File work = new File(System.getProperty("rookery.itest.work", "target/itest-work"), getClass().getSimpleName());
        if (freshConfiguration()) {
            Distribution.delete(new File(work, "config").toPath()); // what an earlier run left must not leak in
        }
        File deploy = new File(work, "deploy");
        File conf = new File(work, "conf");
        deploy.mkdirs();
        conf.mkdirs();
        List<Option> options = new ArrayList<>();
        for (File jar : jars) {
            // fragments (the native epoll library) resolve with their host but can never be started
            options.add(isFragment(jar) ? bundle(jar.toURI().toString()).noStart() : bundle(jar.toURI().toString()));
        }
        options.add(junitBundles());
        options.add(cleanCaches(true));
        // These tests configure dr services with documentation VIPs and no real interface: they exercise the
        // decision, not the capture, which PacketDatapathIT drives in network namespaces.
        options.add(frameworkProperty("rookery.capture.enabled").value("false"));
        options.add(frameworkProperty("felix.cm.dir").value(new File(work, "config").getAbsolutePath()));
        options.add(frameworkProperty("felix.fileinstall.dir").value(deploy.getAbsolutePath() + "," + conf.getAbsolutePath()));
        options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.(jar|cfg|config)"));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkProperty("rookery.shell.port").value(Integer.toString(freePort())));
        options.add(frameworkProperty("rookery.admin.port").value(Integer.toString(freePort())));
        options.add(frameworkProperty("rookery.itest.deploy").value(deploy.getAbsolutePath()));
        options.add(frameworkProperty("rookery.itest.conf").value(conf.getAbsolutePath()));
        options.add(frameworkProperty("rookery.fixture.policy").value(
                new File(System.getProperty("rookery.fixture.policy", "fixture-policy/target/fixture.jar")).getAbsolutePath()));
        options.add(systemProperty("java.util.logging.config.file").value(""));
        options.addAll(extraOptions());
        return options.toArray(new Option[0]);
    }

    /** The admin HTTP listener's default port in this framework: a free one, so test runs never collide on 9280. */
    protected int adminPort() {
        return Integer.parseInt(context.getProperty("rookery.admin.port"));
    }

    /** Whether each boot starts with an empty Config Admin store; tests of persistence say no. */
    protected boolean freshConfiguration() {
        return true;
    }

    /** Options a test class adds to the common set. */
    protected List<Option> extraOptions() {
        return List.of();
    }

    private static boolean isFragment(File jar) throws IOException {
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar)) {
            return j.getManifest() != null && j.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs one shell command line as the operator would type it and returns what it printed. */
    protected String shell(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream pout = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = commandProcessor.createSession(new ByteArrayInputStream(new byte[0]), pout, pout)) {
            Object result = session.execute(line);
            if (result != null) {
                pout.println(session.format(result, Converter.INSPECT));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Waits up to {@code seconds} for a condition, polling; returns whether it became true. */
    protected static boolean eventually(int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    /** Runs a command and returns its output, or the exception text, for use inside {@link #eventually}. */
    protected String shellQuietly(String line) {
        try {
            return shell(line);
        } catch (Exception e) {
            return "ERROR " + e;
        }
    }

    /** Sets up pool and service NAME over the backends; returns the service port once it accepts. */
    protected int proxyService(String name, String policy, Backends b, int... weights) throws Exception {
        shell("pool add " + name + " --policy " + policy);
        for (int i = 0; i < b.nodes.size(); i++) {
            Backends.Backend n = b.nodes.get(i);
            shell("node add " + name + " " + n.name + " --addr 127.0.0.1:" + n.port()
                    + " --weight " + (weights.length > i ? weights[i] : 1));
        }
        int port = freePort();
        shell("service add " + name + " --vip 127.0.0.1 --port " + port + " --pool " + name + " --mode proxy");
        assertTrue("service " + name + " does not accept", eventually(10, () -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }));
        return port;
    }

    /** Connects, reads the node's name line, closes. */
    protected static String nameOf(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            return readLine(s.getInputStream());
        }
    }

    protected static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }
}
