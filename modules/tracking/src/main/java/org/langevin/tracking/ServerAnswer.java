package org.langevin.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.mlflow.tracking.MlflowHttpException;

/**
 * What a tracking server's refusal says, in one line: its HTTP status and the {@code message} of MLflow's JSON error body
 * (the body itself when it is not JSON). A refusal of something the user named (a run or experiment that is not there,
 * a malformed id) is the user's input; the rest is the server's failure.
 */
public record ServerAnswer(int status, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ServerAnswer of(MlflowHttpException e) {
        String body = e.getBodyMessage() == null ? "" : e.getBodyMessage();
        String message = body;
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("message")) message = node.get("message").asText();
        } catch (IOException notJson) {
            // the body as it came
        }
        return new ServerAnswer(e.getStatusCode(), message.isBlank() ? String.valueOf(e.getReasonPhrase()) : message);
    }

    /** 400 and 404: the request named something the server does not have or cannot parse. */
    public boolean aboutTheInput() {
        return status == 400 || status == 404;
    }

    /** The line to print, the server's words redacted. */
    public String line() {
        return "the tracking server answered HTTP " + status + ": " + Redaction.text(message);
    }
}
