package org.rookery.autobind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Source-address selection: the node's default route gets {@code src VIP}, so connections that do not bind
 * an address leave from the VIP ({@code ip route replace default via GW dev DEV src VIP}). The VIP must be
 * an address of the node (on {@code lo}, not answering ARP, as for direct routing).
 */
public final class SourceRoute {

    private SourceRoute() {
    }

    /**
     * The {@code ip} command that gives the route of {@code ip route show default}'s first line the source
     * {@code vip}, or null when there is no default route.
     */
    public static List<String> command(String showDefault, String vip) {
        String line = showDefault.lines().filter(l -> l.startsWith("default")).findFirst().orElse(null);
        if (line == null) {
            return null;
        }
        List<String> words = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
        int src = words.indexOf("src");
        if (src >= 0 && src + 1 < words.size()) {
            words.remove(src + 1);
            words.remove(src);
        }
        words.removeIf(w -> w.equals("linkdown")); // a flag ip prints but does not take
        List<String> cmd = new ArrayList<>(List.of("ip", "route", "replace"));
        cmd.addAll(words);
        cmd.add("src");
        cmd.add(vip);
        return cmd;
    }

    /** The source address of the default route now, or null. */
    public static String currentSource(String showDefault) {
        String line = showDefault.lines().filter(l -> l.startsWith("default")).findFirst().orElse(null);
        if (line == null) {
            return null;
        }
        List<String> words = Arrays.asList(line.trim().split("\\s+"));
        int src = words.indexOf("src");
        return src >= 0 && src + 1 < words.size() ? words.get(src + 1) : null;
    }

    /** Runs a command, returning its output; a non-zero exit is an IOException with its output. */
    public static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.trim());
        }
        return out;
    }
}
