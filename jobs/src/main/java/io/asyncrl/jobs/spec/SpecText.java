package io.asyncrl.jobs.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The text of a spec, refused before any YAML is scanned when it cannot be one: larger than
 * {@link #MAX_CHARS} (the YAML scanner spends seconds on a 50 MB line), not UTF-8 or holding control
 * characters (a binary file), a directory, missing. Each refusal is one {@link SpecException} line on
 * the field {@code file}.
 */
public final class SpecText {
    /** A spec is a few KB (the largest example is under 2 KB); 256 KiB leaves room for comments. */
    public static final int MAX_CHARS = 256 * 1024;

    private SpecText() {}

    /** Reads {@code path} as a spec's text, or throws a one-line {@link SpecException}. */
    public static String read(Path path) {
        String source = path.toString();
        if (Files.isDirectory(path)) {
            throw refused(source, "is a directory, not a spec file; give a YAML file such as examples/tiny-async.yaml");
        }
        if (!Files.isRegularFile(path)) {
            throw refused(source, "not found (no such file); give a YAML spec file such as examples/tiny-async.yaml");
        }
        byte[] bytes;
        try {
            if (Files.size(path) > 4L * MAX_CHARS) {
                throw tooLarge(source, Files.size(path) + " bytes");
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw refused(source, "cannot read the spec file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw refused(source, "not a text file (it is not UTF-8: binary data); give a YAML spec file");
        }
        check(text, source);
        return text;
    }

    /** Refuses text that is too long or holds control characters other than tab, newline and return. */
    public static void check(String text, String source) {
        if (text.length() > MAX_CHARS) {
            throw tooLarge(source, text.length() + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
                throw refused(source, "not a text file (control character 0x" + Integer.toHexString(ch)
                        + " at character " + (i + 1) + ": binary data); give a YAML spec file");
            }
        }
    }

    private static SpecException tooLarge(String source, String size) {
        return refused(source, "too large for a spec (" + size + "; at most " + MAX_CHARS
                + " characters): is this the right file?");
    }

    private static SpecException refused(String source, String message) {
        return new SpecException(source, List.of(new SpecError("file", message)));
    }
}
