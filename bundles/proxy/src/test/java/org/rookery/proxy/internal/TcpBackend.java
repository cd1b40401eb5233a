package org.rookery.proxy.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A blocking TCP server on loopback that runs a handler per accepted connection in its own thread. */
final class TcpBackend implements AutoCloseable {

    /** What the backend does with one connection. */
    interface Handler {
        void handle(Socket s) throws Exception;
    }

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    TcpBackend(String address, Handler handler) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(Fixture.loopback(address), 0), 50);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    Thread t = new Thread(() -> {
                        try (s) {
                            handler.handle(s);
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }, "backend-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "backend-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Echoes every byte until the client half-closes, then closes. */
    static void echo(Socket s) throws IOException {
        s.getInputStream().transferTo(s.getOutputStream());
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
