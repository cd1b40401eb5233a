package org.rookery.api.model;

import java.util.regex.Pattern;

/** The rule for names of services, pools and nodes: what operators type and config files hold. */
public final class Names {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private Names() {
    }

    /** Returns the name if valid, else throws {@link IllegalArgumentException} saying what a name may be. */
    public static String check(String kind, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(kind + " name '" + name
                    + "' is invalid; expected 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
