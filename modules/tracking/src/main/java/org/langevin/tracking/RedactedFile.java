package org.langevin.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** A text artifact as it may leave the process: a redacted copy when {@link Redaction#text} changes it, else the file itself. */
final class RedactedFile {
    private static final Set<String> TEXT = Set.of("yaml", "yml", "csv", "txt", "json", "log", "md", "out", "properties");

    private RedactedFile() {}

    static Path of(Path file) {
        String name = file.getFileName().toString();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (!TEXT.contains(extension)) return file;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            String shown = Redaction.text(text);
            if (shown.equals(text)) return file;
            Path copy = Files.createTempDirectory("langevin-redacted-").resolve(name);
            Files.writeString(copy, shown, StandardCharsets.UTF_8);
            return copy;
        } catch (CharacterCodingException notText) {
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path copy) {
        try {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(copy.getParent());
        } catch (IOException e) {
            // a leftover temporary copy holds only redacted text
        }
    }
}
