package org.langevin.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
    /** {@code user:password@host} without a scheme (or after a path made absolute turned {@code //} into {@code /}). */
    // the user part stops at a separator (a comma or semicolon starts a match, never continues one): a scan from each start
    // ends within its field, so long lines of comma-separated numbers cost linear time, not quadratic
    private static final Pattern BARE_USERINFO = Pattern.compile("(^|[\\s/=,;'\"(\\[{])([^/@\\s:'\",;*]++):([^/@\\s'\"]++)@");
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

    /**
     * Remembers the values of the secret keys of the environment and the passwords of URIs in its values (a bare
     * {@code a:b@c} there is as often an image reference or a version as a credential).
     */
    public static void rememberEnvironment(Map<String, String> environment) {
        environment.forEach((key, value) -> remember(key, value, false));
    }

    /** Remembers the values of the secret keys among these, and the passwords of URIs (or bare user:password@) among the values. */
    public static void rememberAll(Map<String, ?> values) {
        values.forEach((key, value) -> remember(key, value, true));
    }

    private static void remember(String key, Object value, boolean bareCredentials) {
        if (value == null) return;
        String text = String.valueOf(value);
        if (isSecretKey(key)) remember(text);
        Matcher m = URI_USERINFO.matcher(text);
        while (m.find()) {
            String userinfo = m.group(2);
            if (userinfo.contains(":")) remember(userinfo.substring(userinfo.indexOf(':') + 1));
        }
        Matcher bare = BARE_USERINFO.matcher(text);
        while (bareCredentials && bare.find()) remember(bare.group(3));
    }

    /** What may be shown of a value: {@value #MASK} under a secret key (when set), else the value as {@link #text}. */
    public static String value(String key, String value) {
        if (value == null || value.isEmpty()) return value;
        return isSecretKey(key) ? MASK : text(value);
    }

    /**
     * A text as shown, with the masked credentials of its URIs ({@code scheme://***@}) cut out, so that it names the same
     * server without them. A masked {@code user:password@} without a scheme stays: it is part of a local path.
     */
    public static String withoutMaskedCredentials(String shown) {
        return shown.replace("://" + MASK + "@", "://");
    }

    /**
     * True when {@link #text} would change this name. A name (of an experiment, a run, a registered model, a tag key, a
     * file) is stored and shown as it is, so one that holds a secret is refused, never masked.
     */
    public static boolean holdsSecret(String name) {
        return name != null && !text(name).equals(name);
    }

    /** What may be shown of any text: URI credentials cut out, every remembered secret masked. */
    public static String text(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        if (text.indexOf('@') >= 0) { // credentials in a URI or user:password@host need an @ (a file of numbers has none)
            out = URI_USERINFO.matcher(out).replaceAll("$1" + MASK + "@");
            out = BARE_USERINFO.matcher(out).replaceAll("$1" + MASK + "@");
        }
        for (String secret : SECRETS) {
            if (out.contains(secret)) out = out.replace(secret, MASK);
        }
        return out;
    }

    /** A copy of a JSON tree with every text in it as {@link #text} shows it (a dataset's source may hold a path with credentials). */
    public static JsonNode json(JsonNode node) {
        if (node.isTextual()) return TextNode.valueOf(text(node.asText()));
        JsonNode copy = node.deepCopy();
        if (copy instanceof ObjectNode object) node.fields().forEachRemaining(e -> object.set(e.getKey(), json(e.getValue())));
        if (copy instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) array.set(i, json(node.get(i)));
        }
        return copy;
    }
}
