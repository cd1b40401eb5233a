package org.rookery.commands.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code log tail [N]}: the last lines of the front-end's own log, {@code DATA/log/rookery.log}, as the
 * launcher names it in {@code rookery.log.file}; so that an operator on {@code bin/rookery exec} sees
 * what a change did without a login to the file.
 */
@Component(service = LogCommands.class, property = {"osgi.command.scope=rookery", "osgi.command.function=log"})
public class LogCommands {

    static final String USAGE = "log tail [N]";
    static final int DEFAULT_LINES = 20;
    static final int MAX_LINES = 10_000;

    private final BundleContext context;

    /** Built by DS with the bundle's context, through which the launcher's properties are read. */
    @Activate
    public LogCommands(BundleContext context) {
        this.context = context;
    }

    /** Prints the last N lines (default 20, at most 10000) of the current log file. */
    @Descriptor("print the last N lines (default 20, at most 10000) of the front-end's current log file: " + USAGE)
    public String log(@Descriptor("verb and line count: " + USAGE) Object... args) {
        if (args.length == 0 || !"tail".equals(String.valueOf(args[0]))) {
            throw new IllegalArgumentException((args.length == 0 ? "missing verb" : "unknown verb '" + args[0] + "'")
                    + "; usage: " + USAGE);
        }
        Args a = Args.parse(args, 1, Set.of(), USAGE);
        if (a.positionalCount() > 1) {
            a.positional("N");
        }
        int n = DEFAULT_LINES;
        if (a.positionalCount() == 1) {
            try {
                n = Integer.parseInt(a.word(0));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LINES) {
                throw a.error("N '" + a.word(0) + "' is not a whole number in 1-" + MAX_LINES);
            }
        }
        Path file = logFile();
        try {
            List<String> lines = LogTail.last(file, n);
            return lines.isEmpty() ? "(" + file + " is empty)" : String.join("\n", lines);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The launcher's {@code rookery.log.file}, else {@code rookery.data/log/rookery.log}. */
    private Path logFile() {
        String named = context.getProperty("rookery.log.file");
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        String data = context.getProperty("rookery.data");
        Path guess = data == null ? null : Path.of(data, "log", "rookery.log");
        if (guess == null || !Files.isRegularFile(guess)) {
            throw new IllegalStateException("no log file: this front-end was not started by bin/rookery"
                    + " (neither rookery.log.file nor rookery.data is set to a log)");
        }
        return guess;
    }
}
