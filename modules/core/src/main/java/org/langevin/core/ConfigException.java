package org.langevin.core;

/** Bad configuration: the message names the key and what is allowed. Reported as one line, exit code 2. */
public class ConfigException extends RuntimeException {
    private final String key;
    private final String detail;

    public ConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
        this.detail = message;
    }

    /** The message without the key. */
    public String detail() {
        return detail;
    }

    public String key() {
        return key;
    }
}
