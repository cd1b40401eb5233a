package org.rookery.commands.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rookery.api.cluster.ClusterAdminService;
import org.rookery.api.cluster.ClusterDefinition;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.InvalidDefinitionException;
import org.rookery.api.health.HealthCheck;
import org.rookery.api.health.HealthService;
import org.rookery.api.load.AgentProtocol;
import org.rookery.api.load.AgentSettings;
import org.rookery.api.load.LoadReceiver;
import org.rookery.commands.internal.ConfigReader.LineError;

/**
 * {@code config export|import|diff FILE}: the whole cluster configuration as one file of shell command
 * lines. An import is checked whole first (every line, then the cluster's own consistency checks) and
 * either replaces the running configuration in one change or changes nothing and lists every error
 * with its line. FILE is read and written by the front-end process on its machine; a relative FILE is
 * taken from the shell session's current directory ({@code bin/rookery exec} sets it to its own). The file
 * also holds the pools' health checks and the agent receiver; they are applied after the cluster (they
 * depend on its pools), checked beforehand like the rest (key file readable, port free).
 */
@Component(service = ConfigCommands.class, property = {"osgi.command.scope=rookery", "osgi.command.function=config"})
public class ConfigCommands {

    static final String USAGE = "config export FILE | config import FILE | config diff FILE";

    private final ClusterService cluster;
    private final ClusterAdminService admin;
    /** Optional: without the health bundle a file may hold no health checks. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealthService health;
    /** Optional: without the health bundle a file may hold no agent line. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LoadReceiver receiver;

    /** Built by DS with the cluster services. */
    @Activate
    public ConfigCommands(@Reference ClusterService cluster, @Reference ClusterAdminService admin) {
        this.cluster = cluster;
        this.admin = admin;
    }

    /** Exports, imports or compares the whole cluster configuration. */
    @Descriptor("export, import (replace whole, or change nothing) or compare the cluster configuration as a file: " + USAGE)
    public String config(CommandSession session, @Descriptor("verb and FILE: " + USAGE) Object... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("missing verb; usage: " + USAGE);
        }
        String verb = String.valueOf(args[0]);
        if (!Set.of("export", "import", "diff").contains(verb)) {
            throw new IllegalArgumentException("unknown verb '" + verb + "'; usage: " + USAGE);
        }
        Args a = Args.parse(args, 1, Set.of(), "config " + verb + " FILE").positional("FILE");
        Path file = ConfigFiles.resolve(session, a.word(0));
        if (verb.equals("export")) {
            return export(file);
        }
        ClusterDefinition current = cluster.definition();
        HealthService hs = health;
        LoadReceiver lr = receiver;
        List<HealthCheck> checksNow = hs == null ? List.of() : hs.checks();
        AgentSettings agentNow = lr == null ? null : lr.settings();
        ConfigReader.Result r = checked(verb, file, current, session, hs, lr);
        List<String> clusterChanges = ConfigDiff.lines(current, r.definition());
        List<String> nodeSide = ConfigDiff.nodeSideLines(checksNow, r.checks(), agentNow, r.agent());
        List<String> changes = new ArrayList<>(clusterChanges);
        changes.addAll(nodeSide);
        if (changes.isEmpty()) {
            return "no changes";
        }
        if (verb.equals("import")) {
            if (!clusterChanges.isEmpty()) {
                try {
                    admin.replace(r.definition());
                } catch (InvalidDefinitionException e) {
                    // changed between the check and now (another operator, a .cfg file): still nothing changed
                    throw refused(verb, file, lineErrors(e, r));
                }
            }
            if (!nodeSide.isEmpty()) {
                applyNodeSide(file, r, hs, lr, checksNow, agentNow, !clusterChanges.isEmpty());
            }
            changes.add("imported " + file + ": " + changes.size() + (changes.size() == 1 ? " change" : " changes"));
        }
        return String.join("\n", changes);
    }

    /** The file's health checks and agent receiver, after its cluster (checks need their pools). */
    private static void applyNodeSide(Path file, ConfigReader.Result r, HealthService hs, LoadReceiver lr, List<HealthCheck> checksNow,
                                      AgentSettings agentNow, boolean clusterChanged) {
        try {
            if (lr != null && !java.util.Objects.equals(agentNow, r.agent())) {
                lr.configure(r.agent());
            }
            if (hs != null) {
                for (HealthCheck c : r.checks()) {
                    if (!checksNow.contains(c)) {
                        hs.set(c);
                    }
                }
                for (HealthCheck c : hs.checks()) { // a deleted pool's check has gone with it already
                    if (r.checks().stream().noneMatch(x -> x.pool().equals(c.pool()))) {
                        hs.remove(c.pool());
                    }
                }
            }
        } catch (RuntimeException e) {
            // checked beforehand; only a race (a port taken meanwhile, a key file removed) gets here
            throw new IllegalArgumentException("import of " + file + " incomplete: " + (clusterChanged ? "the cluster was replaced, but " : "")
                    + "the health checks and agent receiver were not all applied: " + e.getMessage() + "; fix it and import again");
        }
    }

    private String export(Path file) {
        ClusterDefinition d = cluster.definition();
        HealthService hs = health;
        LoadReceiver lr = receiver;
        List<HealthCheck> checks = hs == null ? List.of() : hs.checks();
        AgentSettings agent = lr == null ? null : lr.settings();
        ConfigFiles.write(file, ConfigWriter.write(d, checks, agent));
        return "exported " + Health.count(d.services().size(), "service") + ", " + Health.count(d.pools().size(), "pool") + ", "
                + Health.count(d.nodes().size(), "node") + ", " + Health.count(d.rules().size(), "rule") + ", "
                + Health.count(checks.size(), "health check") + ", agent receiver " + (agent == null ? "off" : "on") + " to " + file;
    }

    /** Reads and checks the file whole; throws one error line per mistake, first line first. */
    private ConfigReader.Result checked(String verb, Path file, ClusterDefinition current, CommandSession session, HealthService hs,
                                        LoadReceiver lr) {
        ConfigReader.Result r = ConfigReader.read(ConfigFiles.read(file), current);
        List<LineError> errors = new ArrayList<>(r.errors());
        try {
            admin.validate(r.definition()); // what did parse is checked too, so one pass shows every error
        } catch (InvalidDefinitionException e) {
            errors.addAll(lineErrors(e, r));
        }
        if (hs == null && !r.checks().isEmpty()) {
            errors.add(new LineError(r.lineOf(r.checks().get(0)), "health checks need the health bundle, which is not running"));
        }
        AgentSettings agent = r.agent();
        if (agent != null) {
            int line = r.lineOf(agent);
            // a relative key file is taken from where the command runs, as 'agent set' does
            agent = new AgentSettings(agent.address(), agent.port(), ConfigFiles.resolve(session, agent.keyFile()).toString(),
                    agent.missed(), agent.maxAgeMillis());
            String problem = lr == null ? "the agent receiver needs the health bundle, which is not running" : agentProblem(agent, lr.settings());
            if (problem != null) {
                errors.add(new LineError(line, problem));
            }
            r = new ConfigReader.Result(r.definition(), r.lines(), r.errors(), r.checks(), agent);
        }
        if (!errors.isEmpty()) {
            throw refused(verb, file, errors);
        }
        return r;
    }

    /** Why the receiver could not take these settings (key file, port), or null. */
    static String agentProblem(AgentSettings s, AgentSettings now) {
        try {
            AgentProtocol.key(Files.readAllBytes(Path.of(s.keyFile())), s.keyFile());
        } catch (IOException e) {
            return "cannot read key file " + s.keyFile() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (now != null && now.address().equals(s.address()) && now.port() == s.port()) {
            return null; // the receiver's own socket
        }
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress(InetAddress.getByName(s.address()), s.port()));
        } catch (IOException | RuntimeException e) {
            return "cannot receive agent reports on udp " + s.address() + ":" + s.port() + ": " + e.getMessage();
        }
        return null;
    }

    /** Each problem at the line of the last-read item it concerns: the line that made the clash. */
    static List<LineError> lineErrors(InvalidDefinitionException e, ConfigReader.Result r) {
        List<LineError> out = new ArrayList<>();
        for (InvalidDefinitionException.Problem p : e.problems()) {
            out.add(new LineError(p.items().stream().mapToInt(r::lineOf).max().orElse(0), p.message()));
        }
        return out;
    }

    static IllegalArgumentException refused(String verb, Path file, List<LineError> errors) {
        List<String> lines = new ArrayList<>();
        lines.add("cannot " + verb + " " + file + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors")
                + (verb.equals("import") ? "; nothing changed" : ""));
        errors.stream().sorted(Comparator.comparingInt(LineError::line)).forEach(l -> lines.add(l.toString()));
        return new IllegalArgumentException(String.join("\n", lines));
    }
}
