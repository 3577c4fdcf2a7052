package io.asyncrl.jobs.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Experiment ids derived from the spec text, so the same spec file gives the same id (and summary). */
public final class ExperimentIds {
    private ExperimentIds() {}

    /**
     * Loads and validates a spec file the way every command does: its id is {@code id} when given, else
     * derived from the spec's name (or the file's) and text. A missing, binary or oversized file is a one-line SpecException on the field {@code file} (exit 2).
     */
    public static io.asyncrl.schemas.ExperimentSpec load(java.nio.file.Path specPath, String id) throws java.io.IOException {
        String text = SpecText.read(specPath);
        if (id == null) {
            String name = specPath.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            var draft = SpecLoader.parse(text, specPath.toString(), "pending");
            id = forSpec(draft.getName() == null ? name : draft.getName(), text);
        }
        return SpecLoader.parse(text, specPath.toString(), id);
    }

    public static String forSpec(String name, String specText) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(specText.getBytes(StandardCharsets.UTF_8));
            String safe = name.replaceAll("[^A-Za-z0-9._-]", "-");
            return safe + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
