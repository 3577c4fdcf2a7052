package io.asyncrl.jobs.compare;

import io.asyncrl.schemas.ExperimentSpec;
import java.util.Map;

/**
 * One variant of a spec: the fields set on the base spec, a short label naming them, the validated
 * spec (its own deterministic experiment id) and the YAML it was read from.
 */
public record Variant(String label, Map<String, String> settings, ExperimentSpec spec, String yaml) {}
