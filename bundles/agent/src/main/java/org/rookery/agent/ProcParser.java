package org.rookery.agent;

import java.util.function.IntPredicate;

/** Parsers of the /proc files the agent reads; pure functions over their text, so tests feed them samples. */
public final class ProcParser {

    private ProcParser() {
    }

    /** The one-minute load average of {@code /proc/loadavg} ({@code "0.52 0.58 0.59 1/467 12345"}). */
    public static double loadAverage(String loadavg) {
        String[] f = loadavg.trim().split("\\s+");
        if (f.length < 3) {
            throw new IllegalArgumentException("not a /proc/loadavg line: '" + loadavg.trim() + "'");
        }
        return Double.parseDouble(f[0]);
    }

    /**
     * Busy and total jiffies of the aggregate {@code cpu} line of {@code /proc/stat}: idle and iowait are not
     * busy; guest time is already inside user, so it is not added twice.
     *
     * @return {busy, total}
     */
    public static long[] cpuTimes(String stat) {
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long total = 0;
                long idle = 0;
                for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                    long v = Long.parseLong(f[i]);
                    total += v;
                    if (i == 4 || i == 5) {
                        idle += v;
                    }
                }
                return new long[] {total - idle, total};
            }
        }
        throw new IllegalArgumentException("no aggregate 'cpu' line in /proc/stat");
    }

    /** CPU use between two {@link #cpuTimes} samples, 0..1 (0 when no time passed). */
    public static double cpuUse(long[] before, long[] after) {
        long total = after[1] - before[1];
        long busy = after[0] - before[0];
        return total <= 0 ? 0 : Math.max(0, Math.min(1, (double) busy / total));
    }

    /** Number of CPUs: the {@code cpuN} lines of {@code /proc/stat}, at least 1. */
    public static int cpuCount(String stat) {
        int n = 0;
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                n++;
            }
        }
        return Math.max(1, n);
    }

    /** Memory in use, 0..1: {@code 1 - MemAvailable / MemTotal} of {@code /proc/meminfo}. */
    public static double memoryUsed(String meminfo) {
        long total = -1;
        long available = -1;
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                total = kb(line);
            } else if (line.startsWith("MemAvailable:")) {
                available = kb(line);
            }
        }
        if (total <= 0 || available < 0) {
            throw new IllegalArgumentException("no MemTotal/MemAvailable in /proc/meminfo");
        }
        return Math.max(0, Math.min(1, 1 - (double) available / total));
    }

    private static long kb(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]);
    }

    /**
     * Established connections in a {@code /proc/net/tcp} or {@code tcp6} table whose local port passes
     * {@code localPort}: the connections the node serves on its service ports.
     */
    public static int establishedConnections(String table, IntPredicate localPort) {
        int n = 0;
        String[] lines = table.split("\n");
        for (int i = 1; i < lines.length; i++) { // line 0 is the header
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 4 || !f[3].equals("01")) { // 01 = TCP_ESTABLISHED
                continue;
            }
            int colon = f[1].lastIndexOf(':');
            if (colon > 0 && localPort.test(Integer.parseInt(f[1].substring(colon + 1), 16))) {
                n++;
            }
        }
        return n;
    }
}
