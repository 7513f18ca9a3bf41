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
