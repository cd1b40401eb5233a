package org.rookery.commands.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a configuration-file line, split as a shell would split them: on blanks, with
 * {@code "..."} (backslash escapes) or {@code '...'} (literal) for a word that holds blanks, and
 * {@code #} at the start of a word beginning a comment. {@link #quote} writes what {@link #split} reads.
 */
final class Words {

    private Words() {
    }

    /** The words of one line; an unclosed quote is an error. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else if (c == '"' || c == '\'') {
                int end = closing(line, i, c);
                String body = line.substring(i + 1, end);
                w.append(c == '"' ? body.replaceAll("\\\\(.)", "$1") : body);
                inWord = true;
                i = end;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    private static int closing(String line, int open, char quote) {
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed " + quote + " quote starting at column " + (open + 1));
    }

    /** The word as {@link #split} reads it back: as it is when plain, else in double quotes. */
    static String quote(String word) {
        boolean plain = !word.isEmpty() && word.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"'
                || c == '\'' || c == '\\' || c == '#');
        return plain ? word : '"' + word.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
