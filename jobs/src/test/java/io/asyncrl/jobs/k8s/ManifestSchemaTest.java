package io.asyncrl.jobs.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every manifest under {@code k8s/} against the openAPIV3Schema of its kind, taken from the CRD
 * copies in {@code k8s/crds/} and closed so that an unknown field fails (see
 * {@link StructuralSchemas}); and kustomization.yaml against the files that exist.
 */
class ManifestSchemaTest {
    private static K8sManifests manifests;
    private static KubernetesSchemas schemas;

    @BeforeAll
    static void loadSchemas() {
        manifests = K8sManifests.locate();
        schemas = KubernetesSchemas.load(manifests.crdDir());
    }

    @TestFactory
    Stream<DynamicTest> everyManifestMatchesTheSchemaOfItsKind() {
        List<K8sManifests.Document> documents = manifests.documents();
        assertFalse(documents.isEmpty(), "no manifests under " + manifests.root());
        return documents.stream().map(doc -> DynamicTest.dynamicTest(doc.toString(), () -> {
            List<Error> errors = schemas.validate(doc.node());
            assertTrue(errors.isEmpty(), doc + " does not match its schema:\n" + KubernetesSchemas.describe(errors));
        }));
    }

    @Test
    void schemasCoverTheCrdsOfBothOperators() {
        Set<String> expected = Set.of(
                "flink.apache.org/v1beta1 FlinkDeployment",
                "flink.apache.org/v1beta1 FlinkSessionJob",
                "kafka.strimzi.io/v1 Kafka",
                "kafka.strimzi.io/v1 KafkaNodePool",
                "kafka.strimzi.io/v1 KafkaTopic");
        assertTrue(schemas.types().containsAll(expected), "loaded schemas: " + schemas.types());
    }

    @ParameterizedTest(name = "{0}: {2} misspelled as {3}")
    @CsvSource({
        "flink-session-cluster.yaml, /spec,         jobManager, jobManger",
        "flink-session-cluster.yaml, /spec/podTemplate/spec, volumes, volume",
        "flink-service-job.yaml,     /spec/job,     entryClass, entryclass",
        "kafka-cluster.yaml,         /spec/kafka,   config,     configs",
        "kafka-node-pool.yaml,       /spec,         roles,      role",
        "topics/metrics.yaml,        /spec,         partitions, partition",
        "namespace.yaml,             /metadata,     labels,     label",
        "flink-session-cluster.yaml, /spec/taskManager/resource, memory, memroy",
        "flink-session-cluster.yaml, /spec/podTemplate/spec/containers/0, volumeMounts, volumeMount",
        "kafka-cluster.yaml,         /spec/kafka/listeners/0, tls, tsl",
        "kafka-node-pool.yaml,       /spec/storage/volumes/0, deleteClaim, deleteclaim",
    })
    void shouldRejectMisspelledField(String file, String parent, String field, String typo) {
        ObjectNode doc = firstDocument(file);
        ObjectNode owner = (ObjectNode) doc.at(parent);
        assertTrue(owner.has(field), file + " has no " + parent + "/" + field + " to misspell");
        owner.set(typo, owner.remove(field));

        List<Error> errors = schemas.validate(doc);

        assertTrue(errors.stream().anyMatch(e -> "additionalProperties".equals(e.getKeyword())
                        && e.getMessage().contains(typo)),
                "expected '" + typo + "' to be refused as unknown, got:\n" + KubernetesSchemas.describe(errors));
    }

    @ParameterizedTest(name = "{0}: {1} = \"three\"")
    @CsvSource({
        "kafka-node-pool.yaml,       /spec,            replicas",
        "topics/prompts.yaml,        /spec,            replicas",
        "flink-session-cluster.yaml, /spec/jobManager, replicas",
        "flink-service-job.yaml,     /spec/job,        parallelism",
    })
    void shouldRejectStringWhereSchemaWantsInteger(String file, String parent, String field) {
        ObjectNode doc = firstDocument(file);
        ObjectNode owner = (ObjectNode) doc.at(parent);
        assertTrue(owner.path(field).isInt(), file + " has no integer " + parent + "/" + field);
        owner.put(field, "three");

        List<Error> errors = schemas.validate(doc);

        assertTrue(errors.stream().anyMatch(e -> "type".equals(e.getKeyword())
                        && e.getInstanceLocation().toString().endsWith(field)),
                "expected a type error at " + parent + "/" + field + ", got:\n" + KubernetesSchemas.describe(errors));
    }

    @Test
    void shouldRejectFlinkVersionOutsideTheCrdEnum() {
        ObjectNode doc = firstDocument("flink-session-cluster.yaml");
        ((ObjectNode) doc.get("spec")).put("flinkVersion", "2.2");

        List<Error> errors = schemas.validate(doc);

        assertTrue(errors.stream().anyMatch(e -> "enum".equals(e.getKeyword())), KubernetesSchemas.describe(errors));
    }

    @Test
    void shouldAcceptAnyKeyUnderPreserveUnknownFields() {
        ObjectNode doc = firstDocument("flink-session-cluster.yaml");
        ((ObjectNode) doc.at("/spec/flinkConfiguration")).put("some.option.the.crd.never.heard.of", "1");
        ((ObjectNode) doc.at("/metadata/labels")).put("team", "rl");

        List<Error> errors = schemas.validate(doc);

        assertTrue(errors.isEmpty(), KubernetesSchemas.describe(errors));
    }

    @Test
    void shouldRejectMissingName() {
        ObjectNode doc = firstDocument("topics/prompts.yaml");
        ((ObjectNode) doc.get("metadata")).remove("name");

        List<Error> errors = schemas.validate(doc);

        assertTrue(errors.stream().anyMatch(e -> "required".equals(e.getKeyword())), KubernetesSchemas.describe(errors));
    }

    @Test
    void shouldRejectApiVersionTheCrdsDoNotServe() {
        ObjectNode doc = firstDocument("kafka-cluster.yaml");
        doc.put("apiVersion", "kafka.strimzi.io/v1beta2");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schemas.validate(doc));

        assertTrue(e.getMessage().contains("kafka.strimzi.io/v1beta2 Kafka"), e.getMessage());
    }

    @Test
    void shouldRejectBuiltInKindWithWrongApiVersion() {
        ObjectNode doc = firstDocument("flink-service-account.yaml");
        doc.put("apiVersion", "rbac.authorization.k8s.io/v1");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schemas.validate(doc));

        assertTrue(e.getMessage().contains("no schema for"), e.getMessage());
    }

    @Test
    void kustomizationListsEveryManifestFileOnce() {
        List<String> listed = manifests.kustomizationResources();
        Set<String> unique = new HashSet<>(listed);
        assertEquals(listed.size(), unique.size(), "kustomization.yaml lists a file twice: " + listed);

        Set<String> onDisk = new TreeSet<>(manifests.manifestFiles());
        Set<String> unlisted = new TreeSet<>(onDisk);
        unlisted.removeAll(unique);
        Set<String> missing = new TreeSet<>(unique);
        missing.removeAll(onDisk);
        assertTrue(unlisted.isEmpty() && missing.isEmpty(),
                "kustomization.yaml is out of step with k8s/: not listed " + unlisted + ", listed but absent " + missing);
    }

    @Test
    void kustomizationLeavesTheCrdCopiesOut() {
        List<String> crdsListed = new ArrayList<>();
        for (String r : manifests.kustomizationResources()) {
            if (r.startsWith(K8sManifests.CRDS + "/") || r.equals(K8sManifests.CRDS)) {
                crdsListed.add(r);
            }
        }
        assertTrue(crdsListed.isEmpty(), "the operators' Helm charts install the CRDs; do not apply " + crdsListed);
    }

    private static ObjectNode firstDocument(String file) {
        return manifests.documents().stream()
                .filter(d -> d.file().equals(file) && d.index() == 0)
                .map(K8sManifests.Document::copy)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no manifest " + file));
    }
}
