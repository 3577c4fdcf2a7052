package io.asyncrl.hw.validation;

import io.asyncrl.hw.HardwareModelOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rewrites the generated sections of docs/hardware-models.md (the option table and the validation
 * report) between their BEGIN/END markers, so that the page always shows what the code computes.
 * Usage: {@code java -cp hardware-models/target/classes io.asyncrl.hw.validation.DocsUpdater docs/hardware-models.md}
 */
public final class DocsUpdater {
    static final String OPTIONS = "options";
    static final String VALIDATION = "validation";

    private DocsUpdater() {}

    public static void main(String[] args) throws IOException {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs/hardware-models.md");
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        text = replace(text, OPTIONS, HardwareModelOptions.markdownTable());
        text = replace(text, VALIDATION, HardwareValidation.report());
        Files.writeString(docs, text, StandardCharsets.UTF_8);
    }

    static String begin(String section) {
        return "<!-- BEGIN generated " + section + " -->\n";
    }

    static String end(String section) {
        return "<!-- END generated " + section + " -->";
    }

    static String replace(String text, String section, String content) {
        int from = text.indexOf(begin(section));
        int to = text.indexOf(end(section));
        if (from < 0 || to < from) {
            throw new IllegalStateException("markers for '" + section + "' not found");
        }
        return text.substring(0, from + begin(section).length()) + content + text.substring(to);
    }
}
