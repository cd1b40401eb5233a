package org.rookery.commands.internal;

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
import org.rookery.api.cluster.ClusterAdminService;
import org.rookery.api.cluster.ClusterDefinition;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.InvalidDefinitionException;
import org.rookery.commands.internal.ConfigReader.LineError;

/**
 * {@code config export|import|diff FILE}: the whole cluster configuration as one file of shell command
 * lines. An import is checked whole first (every line, then the cluster's own consistency checks) and
 * either replaces the running configuration in one change or changes nothing and lists every error
 * with its line. FILE is read and written by the front-end process on its machine; a relative FILE is
 * taken from the shell session's current directory ({@code bin/rookery exec} sets it to its own).
 */
@Component(service = ConfigCommands.class, property = {"osgi.command.scope=rookery", "osgi.command.function=config"})
public class ConfigCommands {

    static final String USAGE = "config export FILE | config import FILE | config diff FILE";

    private final ClusterService cluster;
    private final ClusterAdminService admin;

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
        ConfigReader.Result r = checked(verb, file, current);
        List<String> changes = new ArrayList<>(ConfigDiff.lines(current, r.definition()));
        if (changes.isEmpty()) {
            return "no changes";
        }
        if (verb.equals("import")) {
            try {
                admin.replace(r.definition());
            } catch (InvalidDefinitionException e) {
                // changed between the check and now (another operator, a .cfg file): still nothing changed
                throw refused(verb, file, lineErrors(e, r));
            }
            changes.add("imported " + file + ": " + changes.size() + (changes.size() == 1 ? " change" : " changes"));
        }
        return String.join("\n", changes);
    }

    private String export(Path file) {
        ClusterDefinition d = cluster.definition();
        ConfigFiles.write(file, ConfigWriter.write(d));
        return "exported " + Health.count(d.services().size(), "service") + ", " + Health.count(d.pools().size(), "pool") + ", "
                + Health.count(d.nodes().size(), "node") + ", " + Health.count(d.rules().size(), "rule") + " to " + file;
    }

    /** Reads and checks the file whole; throws one error line per mistake, first line first. */
    private ConfigReader.Result checked(String verb, Path file, ClusterDefinition current) {
        ConfigReader.Result r = ConfigReader.read(ConfigFiles.read(file), current);
        List<LineError> errors = new ArrayList<>(r.errors());
        try {
            admin.validate(r.definition()); // what did parse is checked too, so one pass shows every error
        } catch (InvalidDefinitionException e) {
            errors.addAll(lineErrors(e, r));
        }
        if (!errors.isEmpty()) {
            throw refused(verb, file, errors);
        }
        return r;
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
