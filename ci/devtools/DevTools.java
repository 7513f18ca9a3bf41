import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Screenshots of pages that need steps before they show what matters (MLflow's chart cards), in Debian's headless
 * chromium driven over the Chrome DevTools Protocol with the JDK's own HTTP and WebSocket clients. Runs its arguments
 * in order:
 * <pre>
 *   ci/devtools.sh --size 1600x1400 --open URL --wait JS --run JS --reload --wait JS --shot OUT.png
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
