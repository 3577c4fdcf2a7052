package io.asyncrl.jobs.spec;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;

/**
 * A pass over the YAML events before the spec's tree is built, for what Jackson's YAML tree gets
 * wrong or does not say: an alias ({@code *r}) becomes the string "r" there, so it is refused here
 * with its position; {@code .nan} and {@code .inf} are "malformed numbers" there, so they are named
 * here as not allowed for their field; nesting deeper than any spec is refused. The SnakeYAML limits
 * ({@link #options()}) bound the work on any input.
 */
final class YamlPrescan {
    /** The deepest spec field is three mappings down (workload.reward.kind); 16 leaves room. */
    static final int MAX_DEPTH = 16;
    private static final Pattern SPECIAL_FLOAT = Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    private YamlPrescan() {}

    static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(SpecText.MAX_CHARS + 1);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setMaxAliasesForCollections(0);
        o.setAllowDuplicateKeys(true); // reported by field, with position, by the Jackson pass
        return o;
    }

    /** The spec errors of the event stream; empty when the Jackson pass may read it. */
    static List<SpecError> scan(String text) {
        List<SpecError> errors = new ArrayList<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try {
            for (Event e : new Yaml(options()).parse(new StringReader(text))) {
                Frame top = stack.peek();
                String path = top == null ? "" : top.valuePath();
                if (e instanceof MappingStartEvent || e instanceof SequenceStartEvent) {
                    if (stack.size() >= MAX_DEPTH) {
                        errors.add(new SpecError("yaml", "nesting deeper than " + MAX_DEPTH + " levels at "
                                + where(e.getStartMark()) + "; a spec nests at most three mappings"));
                        return errors;
                    }
                    stack.push(new Frame(path, e instanceof MappingStartEvent));
                    continue;
                }
                if (e instanceof AliasEvent alias) {
                    errors.add(new SpecError(path.isEmpty() ? "yaml" : path, "YAML alias *" + YamlValues.echo(alias.getAnchor())
                            + " at " + where(e.getStartMark()) + " is not supported in a spec; write the value out"));
                    if (top != null) {
                        top.advance();
                    }
                    continue;
                }
                if (e instanceof ScalarEvent scalar) {
                    if (top != null && top.mapping && top.expectKey) {
                        top.key = scalar.getValue();
                    } else if (scalar.isPlain() && SPECIAL_FLOAT.matcher(scalar.getValue()).matches()) {
                        errors.add(new SpecError(path.isEmpty() ? "yaml" : path, "must be a finite number, got "
                                + scalar.getValue() + " (.nan and .inf are not allowed)"));
                    }
                    if (top != null) {
                        top.advance();
                    }
                    continue;
                }
                if (e.is(Event.ID.MappingEnd) || e.is(Event.ID.SequenceEnd)) {
                    stack.pop();
                    if (stack.peek() != null) {
                        stack.peek().advance();
                    }
                }
            }
        } catch (YAMLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("exceeds the limit")) {
                errors.add(new SpecError("file", "too large for a spec (at most " + SpecText.MAX_CHARS
                        + " characters): is this the right file?"));
            }
            // Any other syntax error is reported, with its position, by the Jackson pass.
        }
        return errors;
    }

    private static String where(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** One open mapping or sequence: its path and, in a mapping, whether the next scalar is a key. */
    private static final class Frame {
        final String path;
        final boolean mapping;
        boolean expectKey = true;
        String key;

        Frame(String path, boolean mapping) {
            this.path = path;
            this.mapping = mapping;
        }

        String valuePath() {
            if (!mapping) {
                return path;
            }
            String k = key == null ? "?" : key;
            return path.isEmpty() ? k : path + "." + k;
        }

        void advance() {
            if (mapping) {
                expectKey = !expectKey;
            }
        }
    }
}
