package org.rookery.cluster.internal;

/**
 * The log's lines for state changes, one style for all: {@code event=NAME key=value ...}, a value in
 * double quotes when it holds blanks, quotes or '=', so that {@code grep event=} and logfmt readers
 * take them apart without guessing.
 */
final class Events {

    private Events() {
    }

    /** {@code event=NAME k1=v1 k2="v 2"}; {@code keyValues} alternate keys and values. */
    static String line(String event, Object... keyValues) {
        StringBuilder sb = new StringBuilder("event=").append(event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            sb.append(' ').append(keyValues[i]).append('=').append(value(String.valueOf(keyValues[i + 1])));
        }
        return sb.toString();
    }

    /** A change of the configuration: {@code event=config-change what="node web/n1 added"}. */
    static String change(String what) {
        return line("config-change", "what", what);
    }

    private static String value(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '=' || c == '\\')) {
            return v;
        }
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
