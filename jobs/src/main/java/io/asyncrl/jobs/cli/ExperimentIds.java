package io.asyncrl.jobs.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Experiment ids derived from the spec text, so the same spec file gives the same id (and summary). */
public final class ExperimentIds {
    private ExperimentIds() {}

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
