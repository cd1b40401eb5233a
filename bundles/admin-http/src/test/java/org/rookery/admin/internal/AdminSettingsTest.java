package org.rookery.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The admin surface stays on loopback unless a token guards it. */
class AdminSettingsTest {

    @Test
    void defaultsToLoopback9280WithoutToken() throws Exception {
        AdminSettings s = AdminSettings.resolve(Configs.of("", 0, ""), k -> null);
        assertEquals(new InetSocketAddress("127.0.0.1", 9280), s.address());
        assertFalse(s.needsToken());
    }

    @Test
    void frameworkPropertiesGiveTheDefaults() throws Exception {
        Map<String, String> props = Map.of("rookery.admin.port", "19280", "rookery.admin.host", "::1");
        AdminSettings s = AdminSettings.resolve(Configs.of("", 0, ""), props::get);
        assertEquals(19280, s.address().getPort());
        assertTrue(s.address().getAddress().isLoopbackAddress());
    }

    @Test
    void aNonLoopbackAddressWithoutTokenIsRefusedWithOneLine() {
        AdminSettings.Refused e = assertThrows(AdminSettings.Refused.class,
                () -> AdminSettings.resolve(Configs.of("0.0.0.0", 9280, ""), k -> null));
        assertEquals("admin HTTP refuses to listen on 0.0.0.0:9280: no token is configured; set token in org.rookery.admin"
                + " (requests then need 'Authorization: Bearer TOKEN') or keep address 127.0.0.1", e.getMessage());
        assertThrows(AdminSettings.Refused.class, () -> AdminSettings.resolve(Configs.of("0.0.0.0", 9280, "   "), k -> null));
    }

    @Test
    void aTokenAllowsAnyAddress() throws Exception {
        AdminSettings s = AdminSettings.resolve(Configs.of("0.0.0.0", 9281, "s3cret"), k -> null);
        assertEquals(new InetSocketAddress("0.0.0.0", 9281), s.address());
        assertTrue(s.needsToken());
    }

    @Test
    void badPortsAndAddressesAreRefused() {
        assertThrows(AdminSettings.Refused.class, () -> AdminSettings.resolve(Configs.of("", 70000, ""), k -> null));
        assertThrows(AdminSettings.Refused.class, () -> AdminSettings.resolve(Configs.of("", 0, ""), Map.of("rookery.admin.port", "x")::get));
        assertThrows(AdminSettings.Refused.class, () -> AdminSettings.resolve(Configs.of("no-such-host.invalid", 9280, ""), k -> null));
    }

    @Test
    void bearerTokensAreCheckedExactly() {
        BearerAuth auth = new BearerAuth("s3cret");
        assertTrue(auth.allows("Bearer s3cret", null));
        assertTrue(auth.allows("bearer s3cret", null));
        assertFalse(auth.allows("Bearer s3cret2", null));
        assertFalse(auth.allows("Basic s3cret", null));
        assertFalse(auth.allows(null, null));
        assertTrue(auth.allows(null, "s3cret"));
        assertFalse(auth.allows(null, "S3cret"));
        assertTrue(new BearerAuth("").allows(null, null));
    }
}
