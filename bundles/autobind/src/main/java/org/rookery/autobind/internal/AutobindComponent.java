package org.rookery.autobind.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.autobind.Autobind;
import org.rookery.autobind.Slice;

/**
 * Autobind inside OSGi, from configuration PID {@code org.rookery.node.autobind}: {@code base}, {@code slice},
 * {@code index}, optionally {@code vip}, {@code service.ports} (comma-separated), {@code route}
 * (true: set the default route's source to the VIP) and {@code apply.on.start} (true). Also the
 * {@code autobind show|apply} command.
 */
@Component(configurationPid = "org.rookery.node.autobind", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = AutobindComponent.class,
        property = {"osgi.command.scope=rookery", "osgi.command.function=autobind"})
public class AutobindComponent {

    private static final Logger LOG = Logger.getLogger(AutobindComponent.class.getName());
    static final String USAGE = "autobind show | autobind apply";

    private final Autobind autobind;

    /** Reads the slice; applies it at once unless {@code apply.on.start=false}. A failed apply is logged, not fatal. */
    @Activate
    public AutobindComponent(Map<String, Object> p) {
        List<PortRange> ports = new ArrayList<>();
        Object sp = p.get("service.ports");
        if (sp != null && !sp.toString().isBlank()) {
            for (String s : sp.toString().split(",")) {
                ports.add(PortRange.parse(s.trim()));
            }
        }
        Slice slice = new Slice(new PortSpace(num(p, "base"), num(p, "slice")), num(p, "index"),
                p.get("vip") == null ? null : p.get("vip").toString(), ports);
        autobind = new Autobind(slice, Path.of("/proc"), !"false".equals(String.valueOf(p.get("route"))));
        if (!"false".equals(String.valueOf(p.get("apply.on.start")))) {
            try {
                LOG.info("event=autobind-applied " + autobind.apply());
            } catch (IOException | RuntimeException e) {
                LOG.severe("event=autobind-failed reason=\"" + e.getMessage() + "\"");
            }
        }
    }

    /** Shows or applies the slice. */
    @Descriptor("the node's private port slice: " + USAGE)
    public String autobind(@Descriptor("show or apply") Object... args) throws IOException {
        String verb = args.length == 0 ? "show" : String.valueOf(args[0]);
        if (args.length > 1) {
            throw new IllegalArgumentException("unexpected argument '" + args[1] + "'; usage: " + USAGE);
        }
        return switch (verb) {
            case "show" -> autobind.show();
            case "apply" -> autobind.apply();
            default -> throw new IllegalArgumentException("unknown verb '" + verb + "'; usage: " + USAGE);
        };
    }

    private static int num(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (v == null) {
            throw new IllegalArgumentException("org.rookery.node.autobind: " + key + " is missing");
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("org.rookery.node.autobind: " + key + "=" + v + " is not a whole number");
        }
    }
}
