package org.rookery.agent.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.rookery.agent.AgentConfig;
import org.rookery.agent.NodeAgent;
import org.rookery.api.model.PortRange;

/**
 * Runs the node agent inside OSGi from configuration PID {@code org.rookery.node.agent}: {@code frontend}
 * (HOST[:PORT]), {@code node}, {@code key.file}, and optionally {@code interval.ms} (1000), {@code ports}
 * (comma-separated service ports or ranges whose connections count) and {@code weight.hint}.
 */
@Component(configurationPid = "org.rookery.node.agent", configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = AgentComponent.class)
public class AgentComponent {

    private final NodeAgent agent;

    /** Starts reporting; a wrong setting fails activation with one line in the log. */
    @Activate
    public AgentComponent(Map<String, Object> props) {
        agent = new NodeAgent(config(props));
        agent.start();
    }

    /** The running agent. */
    public NodeAgent agent() {
        return agent;
    }

    @Deactivate
    void stop() {
        agent.close();
    }

    static AgentConfig config(Map<String, Object> p) {
        String frontend = required(p, "frontend");
        List<PortRange> ports = new ArrayList<>();
        Object v = p.get("ports");
        if (v != null && !v.toString().isBlank()) {
            for (String s : v.toString().split(",")) {
                ports.add(PortRange.parse(s.trim()));
            }
        }
        return new AgentConfig(AgentConfig.parseFrontend(frontend), required(p, "node"), Path.of(required(p, "key.file")),
                num(p, "interval.ms", 1000), ports, num(p, "weight.hint", -1), null);
    }

    private static String required(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (v == null || v.toString().isBlank()) {
            throw new IllegalArgumentException("org.rookery.node.agent: " + key + " is missing");
        }
        return v.toString().trim();
    }

    private static int num(Map<String, Object> p, String key, int dflt) {
        Object v = p.get(key);
        try {
            return v == null ? dflt : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("org.rookery.node.agent: " + key + "=" + v + " is not a whole number");
        }
    }
}
