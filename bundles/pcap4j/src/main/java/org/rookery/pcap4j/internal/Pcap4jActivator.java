package org.rookery.pcap4j.internal;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Binds pcap4j's static packet factories as the bundle starts, before any other bundle can touch
 * them with a foreign context class loader (see {@link FactoryBinding}), and says in the log whether
 * packets parse.
 */
public final class Pcap4jActivator implements BundleActivator {

    private static final Logger LOG = Logger.getLogger(Pcap4jActivator.class.getName());
    /** Held: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger PCAP4J = Logger.getLogger("org.pcap4j");

    /** Quiets pcap4j's INFO chatter, binds the factories and logs whether a TCP frame parses. */
    @Override
    public void start(BundleContext context) {
        // pcap4j logs every property lookup at INFO; keep that out of the log unless the operator set a level
        if (LogManager.getLogManager().getProperty("org.pcap4j.level") == null) {
            PCAP4J.setLevel(Level.WARNING);
        }
        if (FactoryBinding.bind(Pcap4jActivator.class.getClassLoader())) {
            LOG.info("pcap4j packet factories bound (static): a TCP frame parses into IPv4 and TCP");
        } else {
            LOG.severe("pcap4j packet factories are not bound: every packet will parse as UnknownPacket;"
                    + " was org.pcap4j used before bundle " + context.getBundle().getSymbolicName() + " started?");
        }
    }

    /** Nothing to undo. */
    @Override
    public void stop(BundleContext context) {
        // nothing to undo: the binder lives as long as the bundle's class loader
    }
}
