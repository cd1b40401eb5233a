package org.rookery.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

/** The command server has no authentication: a non-loopback address needs the explicit allow.remote choice. */
class ShellServerAddressTest {

    private static ShellServerConfig config(String host, int port, boolean allowRemote) {
        return new ShellServerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ShellServerConfig.class;
            }

            @Override
            public String host() {
                return host;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public boolean allow_remote() {
                return allowRemote;
            }
        };
    }

    @Test
    void aWildcardAddressWithoutTheExplicitChoiceIsRefused() {
        IOException e = assertThrows(IOException.class, () -> ShellServer.address(null, config("0.0.0.0", 2019, false)));
        assertEquals("command server refuses to listen on 0.0.0.0: the shell has no authentication; keep it on 127.0.0.1"
                + " or set allow.remote=true in org.rookery.shell", e.getMessage());
    }

    @Test
    void aLoopbackAddressNeedsNoChoice() throws IOException {
        assertEquals(new InetSocketAddress("127.0.0.1", 2019), ShellServer.address(null, config("127.0.0.1", 2019, false)));
        assertEquals(2020, ShellServer.address(null, config("::1", 2020, false)).getPort());
    }

    @Test
    void allowRemoteIsTheExplicitChoice() throws IOException {
        assertEquals(new InetSocketAddress("0.0.0.0", 2019), ShellServer.address(null, config("0.0.0.0", 2019, true)));
    }
}
