package org.rookery.admin.internal;

import java.lang.annotation.Annotation;

/** AdminConfig instances for tests, as Config Admin would hand them to the component. */
final class Configs {

    private Configs() {
    }

    static AdminConfig of(String address, int port, String token) {
        return new AdminConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AdminConfig.class;
            }

            @Override
            public String address() {
                return address;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String token() {
                return token;
            }

            @Override
            public boolean enabled() {
                return true;
            }
        };
    }
}
