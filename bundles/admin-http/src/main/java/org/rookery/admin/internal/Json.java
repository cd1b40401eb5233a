package org.rookery.admin.internal;

/** A minimal JSON writer for the state document: objects, arrays, strings, numbers, booleans. */
final class Json {

    private final StringBuilder sb = new StringBuilder(4096);
    /** Whether the next value in the current container needs a comma before it. */
    private boolean comma;

    /** Opens an object, as a value or after {@link #key}. */
    Json object() {
        sep();
        sb.append('{');
        comma = false;
        return this;
    }

    /** Closes the current object. */
    Json end() {
        sb.append('}');
        comma = true;
        return this;
    }

    /** Opens an array. */
    Json array() {
        sep();
        sb.append('[');
        comma = false;
        return this;
    }

    /** Closes the current array. */
    Json endArray() {
        sb.append(']');
        comma = true;
        return this;
    }

    /** A member name; the next call writes its value. */
    Json key(String name) {
        sep();
        string(name);
        sb.append(':');
        comma = false;
        return this;
    }

    /** A string value, or null. */
    Json value(String v) {
        sep();
        if (v == null) {
            sb.append("null");
        } else {
            string(v);
        }
        comma = true;
        return this;
    }

    /** A whole number. */
    Json value(long v) {
        sep();
        sb.append(v);
        comma = true;
        return this;
    }

    /** A number; NaN and infinities, which JSON lacks, become null. */
    Json value(double v) {
        sep();
        sb.append(Double.isFinite(v) ? Double.toString(v) : "null");
        comma = true;
        return this;
    }

    /** A boolean. */
    Json value(boolean v) {
        sep();
        sb.append(v);
        comma = true;
        return this;
    }

    /** {@code "name": "v"}. */
    Json field(String name, String v) {
        return key(name).value(v);
    }

    /** {@code "name": v}. */
    Json field(String name, long v) {
        return key(name).value(v);
    }

    private void sep() {
        if (comma) {
            sb.append(',');
            comma = false;
        }
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        // control characters must be escaped; <, > and & too, so no text can close a script tag
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
