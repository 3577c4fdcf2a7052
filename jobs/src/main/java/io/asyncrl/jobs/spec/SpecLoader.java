package io.asyncrl.jobs.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads an experiment spec from YAML into a validated {@link ExperimentSpec}. The YAML is parsed into
 * a tree and walked field by field, so that every unknown field, wrong type and missing required field
 * is reported with its dotted path; the result then goes through {@link SpecValidator}. All errors are
 * collected and thrown together as one {@link SpecException}. Fields and defaults: docs/spec.md.
 */
public final class SpecLoader {

    // YAML 1.2 booleans only (yes/no/on/off stay strings, as docs/spec.md says), and SnakeYAML's own
    // limits (YamlPrescan.options) so that no input keeps the scanner busy.
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .loaderOptions(YamlPrescan.options()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS, YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    private SpecLoader() {}

    /**
     * Reads and validates the spec in {@code yaml}.
     *
     * @param experimentId the id of this submission (the Kafka key on every topic); becomes {@code id}
     * @throws SpecException listing every problem, as {@code <file>: <field.path>: <message>} lines
     */
    public static ExperimentSpec load(Path yaml, String experimentId) {
        String text = SpecText.read(yaml);
        Path folder = yaml.toAbsolutePath().getParent();
        return parse(text, yaml.toString(), experimentId, HardwareLookup.DEFAULT, folder == null ? Path.of("") : folder);
    }

    /**
     * Parses and validates a spec given as text.
     *
     * @param sourceName how to name the source in error messages, e.g. the file name; when it names a
     *     spec file, a relative {@code model.hf_config} resolves against that file's folder
     * @param experimentId the id of this submission (the Kafka key on every topic); becomes {@code id}
     * @throws SpecException listing every problem, as {@code <sourceName>: <field.path>: <message>} lines
     */
    public static ExperimentSpec parse(String yamlText, String sourceName, String experimentId) {
        return parse(yamlText, sourceName, experimentId, folderOf(sourceName));
    }

    /**
     * As {@link #parse(String, String, String)}, with the folder a relative {@code model.hf_config}
     * resolves against given explicitly (for text derived from a spec file, e.g. a variant).
     */
    public static ExperimentSpec parse(String yamlText, String sourceName, String experimentId, Path baseDir) {
        return parse(yamlText, sourceName, experimentId, HardwareLookup.DEFAULT, baseDir);
    }

    /**
     * The folder of {@code sourceName} when it names a spec file (a variant's source is "FILE [label]"), else the
     * working directory: relative {@code model.hf_config} and {@code hardware.include} paths resolve against it.
     */
    public static Path folderOf(String sourceName) {
        String name = sourceName == null ? "" : sourceName;
        int label = name.indexOf(" [");
        try {
            Path source = Path.of(label >= 0 ? name.substring(0, label) : name);
            if (Files.isRegularFile(source)) {
                Path folder = source.toAbsolutePath().getParent();
                return folder == null ? Path.of("") : folder;
            }
        } catch (java.nio.file.InvalidPathException e) {
            // a source name that is no path (e.g. "<stdin>"): relative paths resolve against the working directory
        }
        return Path.of("");
    }

    static ExperimentSpec parse(String yamlText, String sourceName, String experimentId, HardwareLookup hw) {
        return parse(yamlText, sourceName, experimentId, hw, Path.of(""));
    }

    /** @param baseDir the folder a relative {@code model.hf_config} path resolves against */
    static ExperimentSpec parse(String yamlText, String sourceName, String experimentId, HardwareLookup hw, Path baseDir) {
        SpecText.check(yamlText, sourceName);
        List<SpecError> events = YamlPrescan.scan(yamlText);
        if (!events.isEmpty()) {
            throw new SpecException(sourceName, events);
        }
        JsonNode root;
        try (JsonParser parser = YAML.createParser(yamlText)) {
            root = YAML.readTree(parser);
            if (parser.nextToken() != null) {
                throw new SpecException(sourceName, List.of(new SpecError("yaml", "a second YAML document starts at "
                        + where(parser.currentTokenLocation()) + "; a spec file holds exactly one document (remove the '---')")));
            }
        } catch (JsonProcessingException e) {
            throw new SpecException(sourceName, List.of(syntaxError(e)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading YAML from a string", e);
        }
        List<SpecError> includeErrors = HardwareOptionsReader.expandInclude(root, baseDir);
        HfConfigReader.Expansion hf = HfConfigReader.expand(root, baseDir);
        SpecReader.Result read = SpecReader.read(root, experimentId);
        List<SpecError> errors = new ArrayList<>(includeErrors);
        errors.addAll(read.errors());
        errors.addAll(hf.errors());
        Set<String> invalid = new HashSet<>(read.invalidPaths());
        invalid.addAll(hf.invalidPaths());
        errors.addAll(SpecValidator.validate(read.spec(), invalid, hw));
        if (errors.isEmpty()) {
            errors.addAll(CostBound.check(read.spec(), CostLimits.fromSystemProperties()));
        }
        if (errors.isEmpty() && root.has(DerivedBlock.FIELD)) {
            errors.addAll(DerivedBlock.check(root.get(DerivedBlock.FIELD), read.spec()));
        }
        errors.sort(SchemaOrder.ERRORS);
        if (!errors.isEmpty()) {
            throw new SpecException(sourceName, errors);
        }
        return read.spec();
    }

    private static SpecError syntaxError(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        String duplicate = "Duplicate field '";
        if (message != null && message.startsWith(duplicate) && e.getProcessor() instanceof JsonParser parser) {
            String key = message.substring(duplicate.length(), message.indexOf('\'', duplicate.length()));
            return new SpecError(path(parser.getParsingContext(), key),
                    "duplicate key at " + where(parser.currentTokenLocation()) + ": each field may appear once");
        }
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            StringBuilder text = new StringBuilder("syntax error at ");
            text.append(where(yaml.getProblemMark())).append(": ").append(yaml.getProblem().strip());
            if (yaml.getContext() != null) {
                text.append(" (").append(yaml.getContext().strip());
                if (yaml.getContextMark() != null) {
                    text.append(" that starts at ").append(where(yaml.getContextMark()));
                }
                text.append(')');
            }
            return new SpecError("yaml", text.toString());
        }
        String firstLine = message == null ? e.getClass().getSimpleName() : message.strip().lines().findFirst().orElse("");
        return new SpecError("yaml", "syntax error at " + where(e.getLocation()) + ": " + firstLine);
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "an unknown position";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String where(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static String path(JsonStreamContext context, String key) {
        List<String> parts = new ArrayList<>();
        parts.add(key);
        for (JsonStreamContext c = context == null ? null : context.getParent(); c != null; c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.add(0, c.getCurrentName());
            }
        }
        return String.join(".", parts);
    }
}
