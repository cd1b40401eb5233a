package org.rookery.commands.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.rookery.api.policy.DistributionPolicy;

/** The platform commands of the {@code rookery} scope: {@code version} and {@code policies}. */
@Component(service = RookeryCommands.class, property = {
        "osgi.command.scope=rookery",
        "osgi.command.function=version",
        "osgi.command.function=policies"
})
public class RookeryCommands {

    private final BundleContext context;

    /** Created by DS with the bundle's context. */
    @Activate
    public RookeryCommands(BundleContext context) {
        this.context = context;
    }

    /** Prints the Rookery version and every Rookery bundle with its state. */
    @Descriptor("print the Rookery version and the state of every Rookery bundle")
    public String version() {
        StringBuilder sb = new StringBuilder();
        sb.append("Rookery ").append(context.getBundle().getVersion()).append('\n');
        List<Bundle> bundles = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn != null && bsn.startsWith("org.rookery.")) {
                bundles.add(b);
            }
        }
        bundles.sort(Comparator.comparing(Bundle::getSymbolicName));
        Table table = new Table("ID", "BUNDLE", "VERSION", "STATE");
        for (Bundle b : bundles) {
            table.row(Long.toString(b.getBundleId()), b.getSymbolicName(), b.getVersion().toString(),
                    BundleStates.name(b.getState()));
        }
        return sb.append(table).toString();
    }

    /** Lists the distribution policies registered now, with the bundle that provides each. */
    @Descriptor("list the registered distribution policies with the id of the bundle providing each")
    public String policies() throws InvalidSyntaxException {
        Table table = new Table("POLICY", "BUNDLE-ID", "BUNDLE", "VERSION");
        List<ServiceReference<DistributionPolicy>> refs = new ArrayList<>(
                context.getServiceReferences(DistributionPolicy.class, null));
        refs.sort(Comparator.comparing(r -> String.valueOf(r.getProperty(DistributionPolicy.NAME_PROPERTY))));
        for (ServiceReference<DistributionPolicy> ref : refs) {
            Bundle b = ref.getBundle();
            if (b == null) {
                continue; // unregistered while we looked
            }
            table.row(String.valueOf(ref.getProperty(DistributionPolicy.NAME_PROPERTY)),
                    Long.toString(b.getBundleId()), b.getSymbolicName(), b.getVersion().toString());
        }
        return table.isEmpty() ? "no distribution policies registered" : table.toString();
    }
}
