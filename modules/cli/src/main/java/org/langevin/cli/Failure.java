package org.langevin.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a command that did not succeed ends: one line on stderr, and with --json a result line on stdout with its status
 * (INVALID: refused before anything ran; FAILED or KILLED: a run ended so) and the run's id where one exists.
 */
record Failure(boolean json, PrintWriter out, PrintWriter err) {
    int report(String message, String status, String runId, int exitCode) {
        err.println("error: " + message);
        err.flush();
        resultLine(message, status, runId);
        return exitCode;
    }

    /** With --json, the result line of a command that did not succeed. */
    void resultLine(String message, String status, String runId) {
        if (!json) return;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("status", status);
        if (runId != null) line.put("run_id", runId);
        line.put("error", message);
        out.println(Json.line(line));
        out.flush();
    }
}
