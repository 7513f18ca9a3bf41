package org.langevin.cli;

import java.io.FilterOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.langevin.tracking.Redaction;

/** The console as it may be shown: everything printed passes through {@link Redaction#text}, piece by piece. */
final class RedactedConsole {
    private RedactedConsole() {}

    static PrintWriter writer(Writer out) {
        return new PrintWriter(new FilterWriter(out) {
            @Override
            public void write(String text, int offset, int length) throws IOException {
                out.write(Redaction.text(text.substring(offset, offset + length)));
            }

            @Override
            public void write(char[] chars, int offset, int length) throws IOException {
                out.write(Redaction.text(new String(chars, offset, length)));
            }

            @Override
            public void write(int c) throws IOException {
                out.write(c);
            }
        }, true);
    }

    static PrintStream stream(OutputStream out) {
        return new PrintStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(Redaction.text(new String(bytes, offset, length, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            }
        }, true, StandardCharsets.UTF_8);
    }
}
