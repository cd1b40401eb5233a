package org.rookery.admin.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpServer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.datapath.Datapath;
import org.rookery.api.health.ComponentHealth;
import org.rookery.api.health.HealthService;

/**
 * The admin HTTP listener on the JDK's own HTTP server (the one Prometheus' Java exporter uses too):
 * {@code /metrics}, {@code /api/state} and the dashboard at {@code /}. It listens on 127.0.0.1:9280
 * unless configured otherwise; an address off loopback without a token is refused, logged as one line
 * and reported through {@link ComponentHealth}, so {@code health} and {@code bin/rookery status} name it.
 * Everything is read from the cluster and the datapaths when a request comes: nothing on the hot path.
 */
@Component(service = ComponentHealth.class, immediate = true, configurationPid = AdminServer.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AdminConfig.class)
public class AdminServer implements ComponentHealth {

    /** The configuration PID. */
    public static final String PID = "org.rookery.admin";
    private static final Logger LOG = Logger.getLogger(AdminServer.class.getName());

    /** The node health checks, when the health bundle runs: their results join /metrics. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealthService health;

    /** The datapaths whose counters /metrics and the dashboard show; they come and go. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Datapath> datapaths;

    private final HttpServer server;
    private final ExecutorService workers;
    private final String problem;

    /** Binds the listener, or records why it does not. */
    @Activate
    public AdminServer(@Reference ClusterService cluster, BundleContext context, AdminConfig config) {
        this(cluster, context::getProperty, config);
    }

    static {
        // The JDK server writes headers and body apart; with Nagle on, a keep-alive client (Prometheus)
        // waits out its delayed ACK, about 40 ms, on every scrape. Read once, when the server first loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** As DS builds it, with the framework properties as a function (tests pass their own). */
    AdminServer(ClusterService cluster, UnaryOperator<String> props, AdminConfig config) {
        HttpServer bound = null;
        String refused = null;
        ExecutorService pool = null;
        if (config.enabled()) {
            try {
                AdminSettings settings = AdminSettings.resolve(config, props);
                try {
                    bound = HttpServer.create(settings.address(), 32);
                } catch (IOException e) {
                    throw new AdminSettings.Refused("admin HTTP cannot listen on " + settings.address().getHostString()
                            + ":" + settings.address().getPort() + ": " + e.getMessage());
                }
                // a small bounded pool: scrapes and dashboards are few; past the queue the accepting thread serves, which slows a flood down
                pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256), r -> {
                    Thread t = new Thread(r, "rookery-admin-http");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
                bound.setExecutor(pool);
                bound.createContext("/", new AdminHandler(new BearerAuth(settings.token()),
                        new MetricsCollector(cluster, () -> datapaths, () -> health), new StateJson(cluster, () -> datapaths)));
                bound.start();
                LOG.info("admin HTTP listening on http://" + settings.address().getHostString() + ":"
                        + bound.getAddress().getPort() + "/ (" + (settings.needsToken() ? "bearer token required" : "no token") + ")");
            } catch (AdminSettings.Refused e) {
                refused = e.getMessage();
                LOG.severe(refused);
            }
        }
        server = bound;
        workers = pool;
        problem = refused;
    }

    /** Sets the datapaths, as DS does through the field; for tests that build the server themselves. */
    void datapaths(List<Datapath> now) {
        datapaths = now;
    }

    /** The port bound, or -1 when not listening. */
    int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    /** {@code admin-http}. */
    @Override
    public String name() {
        return "admin-http";
    }

    /** Why it does not listen, when it was meant to. */
    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Stops the listener, letting running exchanges finish for up to a second. */
    @Deactivate
    public void stop() {
        if (server != null) {
            server.stop(1);
            workers.shutdownNow();
        }
    }
}
