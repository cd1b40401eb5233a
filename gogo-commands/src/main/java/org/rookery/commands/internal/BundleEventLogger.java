package org.rookery.commands.internal;

import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Logs the bundles installed, updated and uninstalled while the front-end runs (a policy dropped into
 * {@code deploy/}, replaced, removed) in the log's event style:
 * {@code event=bundle-installed bundle=org.rookery.policy.maglev version=0.1.0 id=42}. Starts and
 * stops are left out: every framework start and stop would log one line per bundle.
 */
@Component(service = {}, immediate = true)
public class BundleEventLogger implements BundleListener {

    private static final Logger LOG = Logger.getLogger(BundleEventLogger.class.getName());

    private final BundleContext context;

    /** Registers as a bundle listener. */
    @Activate
    public BundleEventLogger(BundleContext context) {
        this.context = context;
        context.addBundleListener(this);
    }

    /** Stops listening. */
    @Deactivate
    public void close() {
        try {
            context.removeBundleListener(this);
        } catch (IllegalStateException e) {
            // the bundle context is already gone with its listeners
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String what = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "bundle-installed";
            case BundleEvent.UPDATED -> "bundle-updated";
            case BundleEvent.UNINSTALLED -> "bundle-uninstalled";
            default -> null;
        };
        if (what != null) {
            LOG.info(line(what, event.getBundle()));
        }
    }

    /** {@code event=WHAT bundle=BSN version=V id=N}; names and versions hold no blanks, so nothing is quoted. */
    static String line(String what, Bundle b) {
        return "event=" + what + " bundle=" + b.getSymbolicName() + " version=" + b.getVersion() + " id=" + b.getBundleId();
    }
}
