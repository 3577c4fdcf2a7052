package io.asyncrl.jobs.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The repository's {@code k8s/} folder: the kustomize base, its manifest files (everything but
 * {@code kustomization.yaml} and the CRD copies under {@code crds/}) and their YAML documents.
 */
final class K8sManifests {
    static final String KUSTOMIZATION = "kustomization.yaml";
    static final String CRDS = "crds";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One YAML document of a manifest file; {@code index} counts from 0 within the file. */
    record Document(String file, int index, ObjectNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        /** A deep copy, for tests that break a good document. */
        ObjectNode copy() {
            return node.deepCopy();
        }

        @Override
        public String toString() {
            return file + "#" + index + " (" + kind() + " " + name() + ")";
        }
    }

    private final Path root;

    private K8sManifests(Path root) {
        this.root = root;
    }

    /** Finds {@code k8s/} from the working directory or one of its parents (Surefire runs in jobs/). */
    static K8sManifests locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("k8s");
            if (Files.isRegularFile(candidate.resolve(KUSTOMIZATION))) {
                return new K8sManifests(candidate);
            }
        }
        throw new IllegalStateException("no k8s/" + KUSTOMIZATION + " above " + Path.of("").toAbsolutePath());
    }

    Path root() {
        return root;
    }

    Path crdDir() {
        return root.resolve(CRDS);
    }

    /** Manifest files relative to k8s/, with '/' separators, sorted; no kustomization, no crds/. */
    List<String> manifestFiles() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".yaml") || p.endsWith(".yml"))
                    .filter(p -> !p.equals(KUSTOMIZATION) && !p.startsWith(CRDS + "/"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of every manifest file, in file order. */
    List<Document> documents() {
        List<Document> docs = new ArrayList<>();
        for (String file : manifestFiles()) {
            List<JsonNode> nodes = readAll(root.resolve(file));
            for (int i = 0; i < nodes.size(); i++) {
                if (!(nodes.get(i) instanceof ObjectNode object)) {
                    throw new IllegalStateException(file + "#" + i + " is not a YAML mapping");
                }
                docs.add(new Document(file, i, object));
            }
        }
        return docs;
    }

    /** The one document of {@code kind} named {@code name}. */
    Document document(String kind, String name) {
        return documents().stream()
                .filter(d -> d.kind().equals(kind) && d.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + kind + " named " + name + " under " + root));
    }

    /** The documents of {@code kind}. */
    List<Document> documents(String kind) {
        return documents().stream().filter(d -> d.kind().equals(kind)).collect(Collectors.toList());
    }

    /** The entries of kustomization.yaml's {@code resources}, as written. */
    List<String> kustomizationResources() {
        JsonNode kustomization = readAll(root.resolve(KUSTOMIZATION)).get(0);
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        return resources;
    }

    /** The non-empty YAML documents of a file. */
    static List<JsonNode> readAll(Path file) {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> nodes = new ArrayList<>();
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    nodes.add(node);
                }
            }
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
