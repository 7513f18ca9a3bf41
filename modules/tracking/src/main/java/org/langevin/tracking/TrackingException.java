package org.langevin.tracking;

/** The tracking server could not be reached or refused a request. */
public class TrackingException extends RuntimeException {
    public TrackingException(String message) {
        super(message);
    }

    public TrackingException(String message, Throwable cause) {
        super(message, cause);
    }
}
