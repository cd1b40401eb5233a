package org.rookery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** The platform boots whole: bundles active, components satisfied, policies tracked, shell reachable. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT extends RookeryTestSupport {

    @Inject
    private ServiceComponentRuntime scr;

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        int rookery = 0;
        for (Bundle b : context.getBundles()) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue; // fragments resolve but never start
            }
            if (b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.rookery.")) {
                rookery++;
            }
        }
        assertTrue("bundles not ACTIVE: " + notActive, notActive.isEmpty());
        assertTrue("expected the Rookery bundles to be installed, found " + rookery, rookery >= 2);
    }

    @Test
    public void everyRookeryComponentIsSatisfied() {
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() == null || !b.getSymbolicName().startsWith("org.rookery.")) {
                continue;
            }
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                seen.add(d.name);
                if (!scr.isComponentEnabled(d)) {
                    problems.add(d.name + " disabled");
                    continue;
                }
                Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(d);
                if (configs.isEmpty() && !"require".equals(d.configurationPolicy)) {
                    problems.add(d.name + " has no configuration");
                }
                for (ComponentConfigurationDTO c : configs) {
                    if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                            || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                            || c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        problems.add(d.name + " state " + c.state + " unsatisfied "
                                + java.util.Arrays.stream(c.unsatisfiedReferences).map(r -> r.name).collect(Collectors.toList())
                                + (c.failure == null ? "" : " failure " + c.failure));
                    }
                }
            }
        }
        assertTrue("components not satisfied: " + problems, problems.isEmpty());
        assertTrue("shell server component missing from " + seen, seen.contains("org.rookery.commands.internal.ShellServer"));
        assertTrue("commands component missing from " + seen, seen.contains("org.rookery.commands.internal.RookeryCommands"));
    }

    @Test
    public void versionListsRookeryBundlesWithState() throws Exception {
        String out = shell("rookery:version");
        assertTrue(out, out.startsWith("Rookery 0.1.0"));
        assertTrue(out, out.contains("org.rookery.api"));
        assertTrue(out, out.matches("(?s).*org\\.rookery\\.api\\s+\\S+\\s+ACTIVE.*"));
    }

    @Test
    public void policyFromAnotherBundleAppearsAndDisappears() throws Exception {
        assertFalse(shell("rookery:policies").contains("fixture-first"));
        Bundle fixture = context.installBundle("file:" + context.getProperty("rookery.fixture.policy"));
        try {
            fixture.start();
            String id = Long.toString(fixture.getBundleId());
            assertTrue("policy did not appear: " + shellQuietly("rookery:policies"), eventually(10,
                    () -> shellQuietly("rookery:policies").matches("(?s).*fixture-first\\s+" + id + "\\s.*")));
        } finally {
            fixture.uninstall();
        }
        assertTrue("policy did not disappear: " + shellQuietly("rookery:policies"),
                eventually(10, () -> !shellQuietly("rookery:policies").contains("fixture-first")));
    }

    @Test
    public void commandServerAnswersOnLoopbackWithStatus() throws Exception {
        int port = Integer.parseInt(context.getProperty("rookery.shell.port"));
        assertEquals(List.of("x 0"), tail(exec(port, "rookery:version")));
        List<String> ok = exec(port, "rookery:version");
        assertTrue(ok.toString(), ok.get(0).startsWith("1 Rookery "));
        List<String> bad = exec(port, "rookery:nosuchcommand");
        assertEquals(List.of("x 1"), tail(bad));
        assertTrue(bad.toString(), bad.stream().anyMatch(l -> l.startsWith("2 ") && l.contains("nosuchcommand")));
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(lines.size() - 1, lines.size());
    }

    private static List<String> exec(int port, String line) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            return in.lines().collect(Collectors.toList());
        }
    }
}
