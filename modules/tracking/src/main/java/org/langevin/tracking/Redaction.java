package org.langevin.tracking;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for what may leave the process: a value under a secret-looking key (password, passwd, secret, token,
 * API key, credential) becomes {@value #MASK}; credentials in a URI ({@code user:password@}) are cut out; and every secret
 * seen so far (from a configuration, a sweep file or the environment) is masked wherever it appears. Applied to MLflow
 * params, tags, run names and text artifacts, to the console and to error messages.
 */
public final class Redaction {
    public static final String MASK = "***";
    /** Shorter values are not remembered: masking them everywhere would garble ordinary text. */
    private static final int SHORTEST_SECRET = 4;
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|api_?key|credential)[^.]*");
    private static final Pattern URI_USERINFO = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s]+)@");
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private Redaction() {}

    /** True for keys whose last part names a password, token, secret, API key or credential. */
    public static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key.substring(key.lastIndexOf('.') + 1)).matches();
    }

    /** Remembers a secret so that it is masked wherever it appears from now on. */
    public static void remember(String secret) {
        if (secret != null && secret.length() >= SHORTEST_SECRET && !secret.equals(MASK)) SECRETS.add(secret);
    }

    /** Remembers the values of the secret keys among these, and the passwords of URIs among the values. */
    public static void rememberAll(Map<String, ?> values) {
        values.forEach((key, value) -> {
            if (value == null) return;
            String text = String.valueOf(value);
            if (isSecretKey(key)) remember(text);
            Matcher m = URI_USERINFO.matcher(text);
            while (m.find()) {
                String userinfo = m.group(2);
                if (userinfo.contains(":")) remember(userinfo.substring(userinfo.indexOf(':') + 1));
            }
        });
    }

    /** What may be shown of a value: {@value #MASK} under a secret key (when set), else the value as {@link #text}. */
    public static String value(String key, String value) {
        if (value == null || value.isEmpty()) return value;
        return isSecretKey(key) ? MASK : text(value);
    }

    /** What may be shown of any text: URI credentials cut out, every remembered secret masked. */
    public static String text(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = URI_USERINFO.matcher(text).replaceAll("$1" + MASK + "@");
        for (String secret : SECRETS) {
            if (out.contains(secret)) out = out.replace(secret, MASK);
        }
        return out;
    }
}
