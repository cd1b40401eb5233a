package org.rookery.commands.internal;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * One exec request: reads a command line, runs it, and answers in a line protocol a shell script can
 * read: {@code 1 TEXT} for standard output, {@code 2 TEXT} for standard error, then {@code x STATUS}.
 */
final class ShellSession implements Runnable {

    private static final int READ_TIMEOUT_MS = 10_000;
    private final CommandProcessor processor;
    private final Socket socket;

    ShellSession(CommandProcessor processor, Socket socket) {
        this.processor = processor;
        this.socket = socket;
    }

    @Override
    public void run() {
        try (socket) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            OutputStream out = socket.getOutputStream();
            if (line == null || line.isBlank()) {
                answer(out, "", "no command given; expected one command line such as 'rookery:version'", 2);
                return;
            }
            Result r = execute(processor, line);
            answer(out, r.out, r.err, r.status);
        } catch (IOException e) {
            // the client went away; nothing to tell anyone
        }
    }

    /** The outcome of one command line. */
    record Result(String out, String err, int status) {
    }

    /** Runs one command line in a fresh session and collects its output and status. */
    static Result execute(CommandProcessor processor, String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream pout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream perr = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = 0;
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), pout, perr)) {
            Object result = session.execute(line);
            if (result != null) {
                pout.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            perr.println(message(e));
            status = 1;
        }
        pout.flush();
        perr.flush();
        return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status);
    }

    /** One line for the operator: the reason of a refused argument, else the exception named. */
    static String message(Throwable e) {
        Throwable t = e;
        while (t instanceof InvocationTargetException && t.getCause() != null) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
            return msg == null ? t.getClass().getSimpleName() : msg;
        }
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    static void refuse(Socket socket, String why) {
        try (socket) {
            answer(socket.getOutputStream(), "", why, 1);
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static void answer(OutputStream out, String stdout, String stderr, int status) throws IOException {
        StringBuilder sb = new StringBuilder();
        frame(sb, '1', stdout);
        frame(sb, '2', stderr);
        sb.append("x ").append(status).append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void frame(StringBuilder sb, char stream, String text) {
        if (text.isEmpty()) {
            return;
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (String l : body.split("\n", -1)) {
            sb.append(stream).append(' ').append(l).append('\n');
        }
    }
}
