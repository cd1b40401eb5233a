package org.rookery.admin.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The token check: {@code Authorization: Bearer TOKEN}, compared in constant time so timing tells nothing. */
final class BearerAuth {

    private final byte[] token;

    /** An empty token lets every request in (the listener is then on loopback, see {@link AdminSettings}). */
    BearerAuth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a request with this Authorization header (or this token query parameter, for the page) may pass. */
    boolean allows(String authorization, String queryToken) {
        if (token.length == 0) {
            return true;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return same(authorization.substring(7).trim());
        }
        return queryToken != null && same(queryToken);
    }

    private boolean same(String offered) {
        return MessageDigest.isEqual(token, offered.getBytes(StandardCharsets.UTF_8));
    }
}
