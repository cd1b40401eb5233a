package org.rookery.commands.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rookery.api.health.ComponentHealth;

/**
 * The command server behind {@code bin/rookery exec}: accepts one command line per connection on a
 * loopback port, runs it in a Gogo session and answers with framed output and an exit status.
 * It has no authentication, so it refuses a non-loopback address unless told {@code allow.remote}.
 * A refusal or a port it cannot bind is logged as one line and reported through {@link ComponentHealth},
 * so {@code health} names it; the component stays up to say so.
 */
@Component(service = ComponentHealth.class, immediate = true, configurationPid = "org.rookery.shell",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ShellServerConfig.class)
public class ShellServer implements ComponentHealth {

    /** Default port, as the gogo telnet shell uses. */
    static final int DEFAULT_PORT = 2019;
    private static final Logger LOG = Logger.getLogger(ShellServer.class.getName());

    private final CommandProcessor processor;
    private final ServerSocket server;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final String problem;

    /** Binds the port at activation; a refused address or a failure to bind leaves it closed, with the reason as its problem. */
    @Activate
    public ShellServer(@Reference CommandProcessor processor, BundleContext context, ShellServerConfig config)
            throws IOException {
        this.processor = processor;
        ServerSocket bound = null;
        String refused = null;
        try {
            InetSocketAddress address = address(context, config);
            bound = new ServerSocket();
            bound.setReuseAddress(true);
            try {
                bound.bind(address, 16);
            } catch (IOException e) {
                bound.close();
                throw new IOException("command server cannot listen on " + address + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            bound = null;
            refused = e.getMessage();
            LOG.severe(refused);
        }
        server = bound;
        problem = refused;
        if (server == null) {
            workers = null;
            acceptor = null;
            return;
        }
        workers = new ThreadPoolExecutor(0, 8, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "rookery-shell-session");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        acceptor = new Thread(this::acceptLoop, "rookery-shell-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("command server listening on " + server.getLocalSocketAddress());
    }

    static InetSocketAddress address(BundleContext context, ShellServerConfig config) throws IOException {
        String host = config.host().isBlank() ? prop(context, "rookery.shell.host", "127.0.0.1") : config.host();
        int port = config.port() > 0 ? config.port()
                : Integer.parseInt(prop(context, "rookery.shell.port", Integer.toString(DEFAULT_PORT)));
        InetAddress addr = InetAddress.getByName(host);
        if (!addr.isLoopbackAddress() && !config.allow_remote()) {
            throw new IOException("command server refuses to listen on " + host
                    + ": the shell has no authentication; keep it on 127.0.0.1 or set allow.remote=true in org.rookery.shell");
        }
        return new InetSocketAddress(addr, port);
    }

    private static String prop(BundleContext context, String key, String dflt) {
        String v = context.getProperty(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    /** The port actually bound (useful when configured as an ephemeral port in tests), or -1 when refused. */
    public int port() {
        return server == null ? -1 : server.getLocalPort();
    }

    /** {@code command-server}. */
    @Override
    public String name() {
        return "command-server";
    }

    /** Why it does not listen, when it does not. */
    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                try {
                    workers.execute(new ShellSession(processor, socket));
                } catch (RuntimeException busy) {
                    ShellSession.refuse(socket, "command server busy: too many sessions at once");
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.log(Level.WARNING, "command server accept failed", e);
                }
            }
        }
    }

    /** Closes the port and ends running sessions. */
    @Deactivate
    public void close() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        server.close();
        workers.shutdownNow();
        acceptor.join(2000);
    }
}
