package org.rookery.itests;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromium}, headless, driven over the DevTools protocol as a person's browser would be:
 * one page kept open, its JavaScript running, read with {@code Runtime.evaluate} and photographed with
 * {@code Page.captureScreenshot}. Installs the package with apt-get when it is missing and we are root.
 */
final class HeadlessChromium implements AutoCloseable {

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The chromium binary, installed from Debian's packages first when missing and allowed. */
    static String binary() throws IOException, InterruptedException {
        for (String name : new String[] {"chromium", "chromium-browser"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (new File(dir, name).canExecute()) {
                    return new File(dir, name).getPath();
                }
            }
        }
        if ("root".equals(System.getProperty("user.name"))) {
            Process p = new ProcessBuilder("bash", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(15, TimeUnit.MINUTES) && p.exitValue() == 0 && new File("/usr/bin/chromium").canExecute()) {
                return "/usr/bin/chromium";
            }
        }
        throw new IllegalStateException("chromium is not installed; install it with: apt-get install -y chromium");
    }

    /** Starts chromium on about:blank and attaches to its page. */
    static HeadlessChromium start(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("rookery-chromium");
        Process p = new ProcessBuilder(binary(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroyForcibly();
                throw new IllegalStateException("chromium did not open its DevTools port: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        String list = "";
        String ws = null;
        for (int i = 0; i < 100 && ws == null; i++) {
            list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"").matcher(list);
            if (m.find()) {
                ws = m.group(1);
            } else {
                Thread.sleep(100);
            }
        }
        if (ws == null) {
            p.destroyForcibly();
            throw new IllegalStateException("no page target in " + list);
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        StringBuilder frame = new StringBuilder();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                frame.append(data);
                if (last) {
                    String message = frame.toString();
                    frame.setLength(0);
                    Matcher id = Pattern.compile("^\\{\"id\":(\\d+),").matcher(message);
                    if (id.find() && self[0] != null) {
                        CompletableFuture<String> f = self[0].pending.remove(Integer.parseInt(id.group(1)));
                        if (f != null) {
                            f.complete(message);
                        }
                    }
                }
                w.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(p, profile, socket);
        return self[0];
    }

    /** Sends one DevTools command and returns its raw JSON answer. */
    String call(String method, String paramsJson) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}", true).get(10, TimeUnit.SECONDS);
        String r = answer.get(30, TimeUnit.SECONDS);
        if (r.contains("\"error\":")) {
            throw new IllegalStateException(method + " failed: " + r);
        }
        return r;
    }

    /** Opens a URL in the page. */
    void navigate(String url) throws Exception {
        call("Page.enable", "{}");
        call("Page.navigate", "{\"url\":\"" + url + "\"}");
    }

    /** Evaluates a JavaScript expression in the page; its value converted with String(). */
    String eval(String expression) throws Exception {
        String r = call("Runtime.evaluate", "{\"expression\":" + quote("String(" + expression + ")") + ",\"returnByValue\":true}");
        Matcher m = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(r);
        if (!m.find()) {
            throw new IllegalStateException("no value in " + r);
        }
        return unquote(m.group(1));
    }

    /** Evaluates and returns null instead of throwing, for polling. */
    String evalQuietly(String expression) {
        try {
            return eval(expression);
        } catch (Exception e) {
            return null;
        }
    }

    /** Saves a PNG screenshot of the page. */
    void screenshot(Path file) throws Exception {
        String r = call("Page.captureScreenshot", "{\"format\":\"png\"}");
        Matcher m = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(r);
        if (!m.find()) {
            throw new IllegalStateException("no screenshot data");
        }
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(m.group(1)));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String unquote(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> sb.append(n);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser is going anyway
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Distribution.delete(profile);
    }
}
