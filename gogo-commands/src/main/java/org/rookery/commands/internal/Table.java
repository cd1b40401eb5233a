package org.rookery.commands.internal;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns, the output format of listing commands. */
final class Table {

    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    /** A table with the given column headers. */
    Table(String... header) {
        this.header = header;
    }

    /** Adds a row; missing cells are blank, nulls print as "-". */
    Table row(String... cells) {
        String[] r = new String[header.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = i < cells.length && cells[i] != null ? cells[i] : "-";
        }
        rows.add(r);
        return this;
    }

    /** True when no row was added. */
    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, one line per row, columns separated by at least two spaces, no trailing newline. */
    @Override
    public String toString() {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        for (String[] r : rows) {
            sb.append('\n');
            line(sb, r, width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width) {
        int start = sb.length();
        for (int i = 0; i < cells.length; i++) {
            sb.append(cells[i]);
            if (i < cells.length - 1) {
                sb.append(" ".repeat(width[i] - cells[i].length() + 2));
            }
        }
        // no trailing blanks: they confuse diff-based scripts
        int end = sb.length();
        while (end > start && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
    }
}
