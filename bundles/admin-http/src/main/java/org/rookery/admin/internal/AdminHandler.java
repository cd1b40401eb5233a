package org.rookery.admin.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Routes the admin requests: {@code GET /metrics}, {@code GET /api/state}, {@code GET /} (the dashboard).
 * Every path needs the bearer token when one is configured; the page alone also takes it as
 * {@code ?token=}, since a browser cannot add a header to the page it is asked to open.
 */
final class AdminHandler implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(AdminHandler.class.getName());
    private static final String DASHBOARD = "dashboard.html";

    private final BearerAuth auth;
    private final MetricsCollector metrics;
    private final StateJson state;
    private final byte[] page;

    AdminHandler(BearerAuth auth, MetricsCollector metrics, StateJson state) {
        this.auth = auth;
        this.metrics = metrics;
        this.state = state;
        this.page = resource(DASHBOARD);
    }

    /** Answers one request: the token first, then the method, then the path. */
    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (!auth.allows(ex.getRequestHeaders().getFirst("Authorization"), path.equals("/") ? queryToken(ex) : null)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"rookery\"");
                send(ex, 401, "text/plain; charset=utf-8", "401 unauthorized: send 'Authorization: Bearer TOKEN'\n");
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "405 method not allowed: only GET and HEAD\n");
                return;
            }
            switch (path) {
                case "/metrics" -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
                    metrics.write(out);
                    send(ex, 200, MetricsCollector.CONTENT_TYPE, out.toByteArray());
                }
                case "/api/state" -> send(ex, 200, "application/json", state.json().getBytes(StandardCharsets.UTF_8));
                case "/", "/index.html" -> send(ex, 200, "text/html; charset=utf-8", page);
                default -> send(ex, 404, "text/plain; charset=utf-8", "404 not found: try /, /metrics or /api/state\n");
            }
        } catch (RuntimeException e) {
            // a broken scrape must not take the listener down; the operator sees it in the log
            LOG.log(Level.WARNING, "admin HTTP request " + ex.getRequestURI() + " failed", e);
            try {
                send(ex, 500, "text/plain; charset=utf-8", "500 internal error: " + e + "\n");
            } catch (IOException | RuntimeException ignored) {
                // headers were already sent: nothing more to say to this client
            }
        }
    }

    private static String queryToken(HttpExchange ex) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            if (pair.startsWith("token=")) {
                return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = AdminHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard page " + name + " is missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the dashboard page " + name, e);
        }
    }
}
