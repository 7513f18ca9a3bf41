package org.langevin.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A text file a user names (an experiment, a sweep, points, an observation): read as UTF-8 without its byte-order
 * mark, or refused with the reason in words (it does not exist, is a folder, is not readable, is not text).
 */
public final class UserFile {
    private UserFile() {}

    /** The file's text; {@link IllegalArgumentException} with "PATH does not exist" and the like when it cannot be read. */
    public static String text(Path file) {
        if (Files.isDirectory(file)) throw new IllegalArgumentException("'" + file + "' is a folder, not a file");
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text; // a UTF-8 byte-order mark is not content
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("'" + file + "' does not exist");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("'" + file + "' is not readable (permission denied)");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("'" + file + "' is not UTF-8 text (a binary file?)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read '" + file + "': " + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : " " + e.getMessage()));
        }
    }

    /** The file's lines (see {@link #text}). */
    public static List<String> lines(Path file) {
        return text(file).lines().toList();
    }
}
