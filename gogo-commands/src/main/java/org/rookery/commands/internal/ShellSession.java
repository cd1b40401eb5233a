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
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * One exec request: reads a command line, runs it, and answers in a line protocol a shell script can
 * read: {@code 1 TEXT} for standard output, {@code 2 TEXT} for standard error, then {@code x STATUS}.
 * The command line may follow a line {@code #cwd DIR}: the client's working directory, from which
 * the command takes relative file names, as it would in the client's own shell.
 */
final class ShellSession implements Runnable {

    private static final int READ_TIMEOUT_MS = 10_000;
    static final String CWD_PREFIX = "#cwd ";
    /**
     * Rookery's commands first, then any scope: an unscoped {@code log} would otherwise be felix:log or
     * rookery:log depending on the order of Gogo's command table.
     */
    static final String SCOPE = "rookery:*";
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
            Path cwd = null;
            if (line != null && line.startsWith(CWD_PREFIX)) {
                cwd = directory(line.substring(CWD_PREFIX.length()));
                line = in.readLine();
            }
            OutputStream out = socket.getOutputStream();
            if (line == null || line.isBlank()) {
                answer(out, "", "no command given; expected one command line such as 'rookery:version'", 2);
                return;
            }
            Result r = execute(processor, line, cwd);
            answer(out, r.out, r.err, r.status);
        } catch (IOException e) {
            // the client went away; nothing to tell anyone
        }
    }

    /** The outcome of one command line. */
    record Result(String out, String err, int status) {
    }

    /** The client's directory if it is an absolute one, else null (the front-end's own then). */
    private static Path directory(String text) {
        try {
            Path p = Path.of(text);
            return p.isAbsolute() ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Runs one command line in a fresh session and collects its output and status; relative files from {@code cwd} if given. */
    static Result execute(CommandProcessor processor, String line, Path cwd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream pout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream perr = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = 0;
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), pout, perr)) {
            session.put("SCOPE", SCOPE);
            if (cwd != null) {
                session.currentDir(cwd);
            }
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
