package org.rookery.node;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Run inside a network namespace by {@link AutobindNamespaceTest}: listens on loopback, connects to itself
 * without binding a port (as every ordinary program does), and prints the source port the server saw.
 */
public final class ConnectProbe {

    private ConnectProbe() {
    }

    /** Argument: the loopback address to use (127.0.0.1 or ::1). */
    public static void main(String[] args) throws Exception {
        InetAddress lo = InetAddress.getByName(args[0]);
        try (ServerSocket server = new ServerSocket(0, 1, lo); Socket client = new Socket(lo, server.getLocalPort());
             Socket accepted = server.accept()) {
            System.out.println(accepted.getPort());
        }
    }
}
