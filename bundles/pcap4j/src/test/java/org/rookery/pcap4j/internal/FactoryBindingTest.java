package org.rookery.pcap4j.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

/**
 * The trap and its fix, without a framework: each case loads the built bundle content (pcap4j, the
 * static factories, their services file) in a class loader of its own, so pcap4j's static
 * initializer runs afresh, while the thread's context loader is one that cannot see that content, as
 * under OSGi.
 */
class FactoryBindingTest {

    private static final ClassLoader BLIND = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());

    @Test
    void bundleContentHoldsCoreStaticFactoriesAndTheirRegistration() {
        ClassLoader own = FactoryBinding.class.getClassLoader();
        assertNotNull(own.getResource("org/pcap4j/packet/factory/statik/services/StaticPacketFactoryBinder.class"));
        assertNotNull(own.getResource("META-INF/services/org.pcap4j.packet.factory.PacketFactoryBinderProvider"));
        assertNotNull(own.getResource("org/slf4j/impl/StaticLoggerBinder.class"), "the JUL binding of SLF4J");
    }

    @Test
    void withAForeignContextLoaderEveryPacketIsUnknownForGood() throws Exception {
        try (URLClassLoader bundle = isolatedBundleLoader()) {
            assertFalse(call(bundle, "parsesTcp", BLIND), "first use with a blind context loader");
            assertFalse(call(bundle, "parsesTcp", bundle), "the missing binder is never looked for again");
        }
    }

    @Test
    void bindingFirstWithTheBundleLoaderMakesTcpParseForEveryCaller() throws Exception {
        try (URLClassLoader bundle = isolatedBundleLoader()) {
            Class<?> binding = bundle.loadClass(FactoryBinding.class.getName());
            assertTrue((Boolean) binding.getMethod("bind", ClassLoader.class).invoke(null, bundle));
            assertTrue(call(bundle, "parsesTcp", BLIND), "later callers need no context loader of their own");
        }
    }

    /** A loader over the bundle's content and JNA only, not delegating to the test's class path. */
    private static URLClassLoader isolatedBundleLoader() {
        URL content = FactoryBinding.class.getProtectionDomain().getCodeSource().getLocation();
        URL jna = com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {content, jna}, ClassLoader.getPlatformClassLoader());
    }

    private static boolean call(ClassLoader bundle, String method, ClassLoader context) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(context);
        try {
            return (Boolean) bundle.loadClass(FactoryBinding.class.getName()).getMethod(method).invoke(null);
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
