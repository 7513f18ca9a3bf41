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
import java.util.ArrayList;
import java.util.Base64;
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
 * Drives Debian's headless chromium over the Chrome DevTools Protocol (the JDK's own HTTP and WebSocket clients, no
 * other dependency), for screenshots of pages that need a step before they show what matters (MLflow's chart cards).
 * Runs its arguments in order:
 * <pre>
 *   java ci/DevTools.java --size 1600x1400 --open URL --wait JS --run JS --reload --wait JS --clip JS --shot OUT.png ...
 * </pre>
 * {@code --wait} polls a JavaScript expression until it is true (60 s at most), {@code --run} evaluates one (promises
 * are awaited), {@code --print} prints one's string value, {@code --clip} is an expression giving "x,y,width,height" in CSS pixels for the next {@code --shot}.
 */
public final class DevTools implements WebSocket.Listener, AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Pattern PAGE_SOCKET = Pattern.compile("\"type\":\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\":\\s*\"([^\"]+)\"");
    private static final Pattern REPLY_ID = Pattern.compile("^\\{\"id\":(\\d+),");
    private static final Pattern REPLY_ERROR = Pattern.compile("^\\{\"id\":\\d+,\"error\":");

    private final Process browser;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();

    private DevTools() throws Exception {
        profile = Files.createTempDirectory("langevin-devtools-");
        browser = new ProcessBuilder(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            socket = connect(browserEndpoint().replaceAll("^ws://[^:]+:(\\d+)/.*$", "$1"));
        } catch (Exception e) { // no browser left behind
            browser.destroyForcibly();
            deleteProfile();
            throw e;
        }
    }

    /** A WebSocket to the browser's page, found in its target list. */
    private WebSocket connect(String port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher page = PAGE_SOCKET.matcher(targets);
        if (!page.find()) throw new IOException("chromium shows no page target: " + targets);
        return http.newWebSocketBuilder().buildAsync(URI.create(page.group(1)), this).get(30, TimeUnit.SECONDS);
    }

    /** The browser's DevTools address, from the line chromium prints on stderr when it listens. */
    private String browserEndpoint() throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8));
        for (String line; (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> err.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new IOException("chromium exited before it listened for DevTools");
    }

    /** Sends one command and returns its reply's JSON text; a protocol error is an exception. */
    private String call(String method, String params) throws Exception {
        int id = nextId.incrementAndGet();
        CompletableFuture<String> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
        String text = reply.get(120, TimeUnit.SECONDS);
        if (REPLY_ERROR.matcher(text).find()) throw new IOException(method + " failed: " + text);
        return text;
    }

    private String evaluate(String expression) throws Exception {
        String reply = call("Runtime.evaluate", "{\"expression\":" + quote(expression)
                + ",\"returnByValue\":true,\"awaitPromise\":true}");
        if (reply.contains("\"exceptionDetails\"")) throw new IOException("script failed: " + expression + "\n" + reply);
        return reply;
    }

    /** The string value in an evaluated expression's reply, unescaped (JSON's escapes). */
    private static String valueOf(String reply) {
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
                case 'u' -> {
                    b.append((char) Integer.parseInt(reply.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e); // \" \\ \/
            }
        }
        return b.toString();
    }

    private void waitFor(String condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!evaluate("Boolean(" + condition + ")").contains("\"value\":true")) {
            if (System.nanoTime() > deadline) throw new IOException("timed out waiting for: " + condition);
            Thread.sleep(250);
        }
    }

    private void screenshot(Path out, String clipExpression) throws Exception {
        String clip = "";
        if (clipExpression != null) {
            Matcher m = Pattern.compile("\"value\":\"([-0-9.]+),([-0-9.]+),([-0-9.]+),([-0-9.]+)\"").matcher(evaluate(clipExpression));
            if (!m.find()) throw new IOException("the clip expression gave no x,y,width,height: " + clipExpression);
            clip = String.format(",\"clip\":{\"x\":%s,\"y\":%s,\"width\":%s,\"height\":%s,\"scale\":1}",
                    m.group(1), m.group(2), m.group(3), m.group(4));
        }
        Matcher data = Pattern.compile("\"data\":\"([A-Za-z0-9+/=]+)\"")
                .matcher(call("Page.captureScreenshot", "{\"format\":\"png\",\"captureBeyondViewport\":false" + clip + "}"));
        if (!data.find()) throw new IOException("no screenshot data");
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".shot-", ".png"); // nothing half-written at OUT
        Files.write(tmp, Base64.getDecoder().decode(data.group(1)));
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void run(List<String> args) throws Exception {
        call("Page.enable", "{}");
        String clip = null;
        for (int i = 0; i < args.size(); i++) {
            String key = args.get(i);
            if (key.equals("--reload")) {
                call("Page.reload", "{}");
                continue;
            }
            if (++i >= args.size()) throw new IllegalArgumentException(key + " needs a value");
            String value = args.get(i);
            switch (key) {
                case "--size" -> {
                    String[] wh = value.split("x");
                    call("Emulation.setDeviceMetricsOverride", "{\"width\":" + Integer.parseInt(wh[0]) + ",\"height\":"
                            + Integer.parseInt(wh[1]) + ",\"deviceScaleFactor\":1,\"mobile\":false}");
                }
                case "--open" -> call("Page.navigate", "{\"url\":" + quote(value) + "}");
                case "--wait" -> waitFor(value);
                case "--run" -> evaluate(value);
                case "--print" -> System.out.println(valueOf(evaluate("String(" + value + ")")));
                case "--clip" -> clip = value;
                case "--shot" -> {
                    screenshot(Path.of(value), clip);
                    clip = null;
                }
                default -> throw new IllegalArgumentException("unknown argument " + key
                        + " (valid: --size, --open, --reload, --wait, --run, --print, --clip, --shot)");
            }
        }
    }

    /** A JSON string literal. */
    private static String quote(String s) {
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

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            Matcher id = REPLY_ID.matcher(message);
            if (id.find()) {
                CompletableFuture<String> reply = pending.remove(Integer.parseInt(id.group(1)));
                if (reply != null) reply.complete(message);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        browser.destroy();
        try {
            if (!browser.waitFor(10, TimeUnit.SECONDS)) browser.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteProfile();
    }

    private void deleteProfile() throws IOException {
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    public static void main(String[] args) throws Exception {
        try (DevTools tools = new DevTools()) {
            tools.run(new ArrayList<>(List.of(args)));
        } catch (IllegalArgumentException e) {
            System.err.println("[devtools] " + e.getMessage());
            System.exit(2);
        } catch (Exception e) { // a page that never showed what was waited for, a script that failed in it, a hung browser
            System.err.println("[devtools] " + e);
            System.exit(1);
        }
    }
}
