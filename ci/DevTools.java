import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Screenshots of pages that need steps before they show what matters (MLflow's chart cards), in Debian's headless
 * chromium driven over the Chrome DevTools Protocol with the JDK's own HTTP and WebSocket clients. Runs its arguments
 * in order:
 * <pre>
 *   java ci/DevTools.java --size 1600x1400 --open URL --wait JS --run JS --reload --wait JS --shot OUT.png
 * </pre>
 * {@code --wait} polls a JavaScript expression until it is true (60 s at most), {@code --run} evaluates one (promises
 * are awaited), {@code --print} prints one's string value, {@code --reload} reloads the page and waits for its load.
 * Exit code 2 for bad arguments, 1 when a step fails.
 */
public final class DevTools {
    private final Chromium chromium;

    private DevTools(Chromium chromium) {
        this.chromium = chromium;
    }

    /** Evaluates an expression in the page; a thrown exception or rejected promise is an error. */
    private String evaluate(String expression) throws Exception {
        String reply = chromium.call("Runtime.evaluate", "{\"expression\":" + Json.quote(expression)
                + ",\"returnByValue\":true,\"awaitPromise\":true}");
        if (reply.contains("\"exceptionDetails\"")) throw new IOException("script failed: " + expression + "\n" + reply);
        return reply;
    }

    /** Polls a condition until it is true; a page still loading (an evaluation error) counts as not yet. */
    private void waitFor(String condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (evaluate("Boolean(" + condition + ")").contains("\"value\":true")) return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) throw notYet;
            }
            if (System.nanoTime() > deadline) throw new IOException("timed out waiting for: " + condition);
            Thread.sleep(250);
        }
    }

    /** Writes the viewport as a PNG, through a temporary file: nothing half-written at OUT. */
    private void screenshot(Path out) throws Exception {
        Matcher data = Pattern.compile("\"data\":\"([A-Za-z0-9+/=]+)\"")
                .matcher(chromium.call("Page.captureScreenshot", "{\"format\":\"png\"}"));
        if (!data.find()) throw new IOException("no screenshot data");
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".shot-", ".png");
        Files.write(tmp, Base64.getDecoder().decode(data.group(1)));
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Navigates; a navigation the browser refuses (a server that is down) is an error. */
    private void open(String url) throws Exception {
        String reply = chromium.call("Page.navigate", "{\"url\":" + Json.quote(url) + "}");
        if (reply.contains("\"errorText\"")) throw new IOException("could not open " + url + ": " + reply);
    }

    /** Runs the steps in order. */
    private void run(List<String> args) throws Exception {
        chromium.call("Page.enable", "{}");
        for (int i = 0; i < args.size(); i++) {
            String key = args.get(i);
            if (key.equals("--reload")) {
                CompletableFuture<String> loaded = chromium.next("Page.loadEventFired");
                chromium.call("Page.reload", "{}");
                loaded.get(60, TimeUnit.SECONDS);
                continue;
            }
            if (++i >= args.size()) throw new IllegalArgumentException(key + " needs a value");
            String value = args.get(i);
            switch (key) {
                case "--size" -> {
                    String[] wh = value.split("x");
                    chromium.call("Emulation.setDeviceMetricsOverride", "{\"width\":" + Integer.parseInt(wh[0])
                            + ",\"height\":" + Integer.parseInt(wh[1]) + ",\"deviceScaleFactor\":1,\"mobile\":false}");
                }
                case "--open" -> open(value);
                case "--wait" -> waitFor(value);
                case "--run" -> evaluate(value);
                case "--print" -> System.out.println(Json.stringValue(evaluate("String(" + value + ")")));
                case "--shot" -> screenshot(Path.of(value));
                default -> throw new IllegalArgumentException("unknown argument " + key
                        + " (valid: --size, --open, --reload, --wait, --run, --print, --shot)");
            }
        }
    }

    public static void main(String[] args) {
        try (Chromium chromium = Chromium.start()) {
            new DevTools(chromium).run(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("[devtools] " + e.getMessage());
            System.exit(2);
        } catch (Exception e) { // a page that never showed what was waited for, a script that failed in it, a hung browser
            System.err.println("[devtools] " + e);
            System.exit(1);
        }
    }
}

/** Headless chromium with one page, and the protocol's commands and events over a WebSocket to that page. */
final class Chromium implements WebSocket.Listener, AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://[^:]+:(\\d+)/");
    // Chromium writes its JSON with these keys first; the patterns rely on that order
    private static final Pattern PAGE_SOCKET = Pattern.compile("\"type\":\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\":\\s*\"([^\"]+)\"");
    private static final Pattern REPLY_ID = Pattern.compile("^\\{\"id\":(\\d+),");
    private static final Pattern REPLY_ERROR = Pattern.compile("^\\{\"id\":\\d+,\"error\":");
    private static final Pattern EVENT = Pattern.compile("^\\{\"method\":\"([^\"]+)\"");

    private final Process browser;
    private final Path profile;
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> replies = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> events = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private Chromium(Process browser, Path profile) {
        this.browser = browser;
        this.profile = profile;
    }

    /** Starts the browser on a fresh profile and connects to its page; nothing is left behind when that fails. */
    static Chromium start() throws Exception {
        Path profile = Files.createTempDirectory("langevin-devtools-");
        Process browser = new ProcessBuilder(List.of(System.getenv().getOrDefault("CHROMIUM", "chromium"), "--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "about:blank")).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Chromium chromium = new Chromium(browser, profile);
        try {
            chromium.socket = chromium.connect(chromium.port().get(30, TimeUnit.SECONDS));
            return chromium;
        } catch (Exception e) {
            chromium.close();
            throw e;
        }
    }

    /** The DevTools port, from the line chromium prints on stderr when it listens (the rest of stderr is drained). */
    private CompletableFuture<String> port() {
        CompletableFuture<String> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) port.complete(m.group(1));
                }
            } catch (IOException ignored) { // the browser went away
            }
            port.completeExceptionally(new IOException("chromium exited before it listened for DevTools"));
        });
        reader.setDaemon(true);
        reader.start();
        return port;
    }

    /** A WebSocket to the browser's page, from its target list (retried while the page is not listed yet). */
    private WebSocket connect(String port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build();
        for (int attempt = 0; ; attempt++) {
            String targets = http.send(list, HttpResponse.BodyHandlers.ofString()).body();
            Matcher page = PAGE_SOCKET.matcher(targets);
            if (page.find()) return http.newWebSocketBuilder().buildAsync(URI.create(page.group(1)), this).get(30, TimeUnit.SECONDS);
            if (attempt == 20) throw new IOException("chromium shows no page target: " + targets);
            Thread.sleep(250);
        }
    }

    /** Sends one command and returns its reply's JSON text; a protocol error is an exception. */
    String call(String method, String params) throws Exception {
        int id = nextId.incrementAndGet();
        CompletableFuture<String> reply = new CompletableFuture<>();
        replies.put(id, reply);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
        String text = reply.get(120, TimeUnit.SECONDS);
        if (REPLY_ERROR.matcher(text).find()) throw new IOException(method + " failed: " + text);
        return text;
    }

    /** The next event of this name (ask before sending the command that causes it). */
    CompletableFuture<String> next(String event) {
        return events.computeIfAbsent(event, e -> new CompletableFuture<>());
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            Matcher id = REPLY_ID.matcher(message);
            Matcher event = EVENT.matcher(message);
            CompletableFuture<String> waiting = id.find() ? replies.remove(Integer.parseInt(id.group(1)))
                    : event.find() ? events.remove(event.group(1)) : null;
            if (waiting != null) waiting.complete(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        failAll(new IOException("chromium closed the connection: " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failAll(error);
    }

    /** A browser gone: every command and event still awaited fails now instead of at its timeout. */
    private void failAll(Throwable cause) {
        replies.values().forEach(f -> f.completeExceptionally(cause));
        events.values().forEach(f -> f.completeExceptionally(cause));
    }

    /** Stops the browser and deletes its profile (best effort: a screenshot already written stands). */
    @Override
    public void close() {
        if (socket != null) socket.abort();
        browser.destroy();
        try {
            if (!browser.waitFor(10, TimeUnit.SECONDS)) browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("[devtools] could not delete " + profile + ": " + e);
        }
    }
}

/** The two bits of JSON the protocol needs here: a string literal, and the string value in an evaluation's reply. */
final class Json {
    private Json() {}

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    /** The first {@code "value":"..."} of a reply, unescaped; the whole reply when it has none. */
    static String stringValue(String reply) {
        int at = reply.indexOf("\"value\":\"");
        if (at < 0) return reply;
        StringBuilder b = new StringBuilder();
        for (int i = at + 9; i < reply.length() && reply.charAt(i) != '"'; i++) {
            char c = reply.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = reply.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(reply.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e); // \" \\ \/
            }
        }
        return b.toString();
    }
}
