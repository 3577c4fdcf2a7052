package io.asyncrl.jobs.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.jobs.service.ServiceJob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What no schema can see: that the manifests name each other, and the code, correctly. A schema
 * accepts a session job pointing at a deployment that does not exist, or a topic nobody reads.
 */
class ManifestConsistencyTest {
    private static final String PREFIX = "asyncrl.";

    private static K8sManifests manifests;
    private static String namespace;
    private static JsonNode kafka;
    private static JsonNode sessionCluster;
    private static JsonNode sessionJob;

    @BeforeAll
    static void load() {
        manifests = K8sManifests.locate();
        namespace = K8sManifests.readAll(manifests.root().resolve(K8sManifests.KUSTOMIZATION)).get(0)
                .path("namespace").asText();
        kafka = only("Kafka");
        sessionCluster = only("FlinkDeployment");
        sessionJob = only("FlinkSessionJob");
    }

    @Test
    void everyPipelineTopicHasAKafkaTopicOnTheCluster() {
        Set<String> expected = Arrays.stream(Topic.values()).map(t -> t.name(PREFIX))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> declared = new TreeSet<>();
        for (K8sManifests.Document topic : manifests.documents("KafkaTopic")) {
            String name = topic.node().path("spec").path("topicName").asText(topic.name());
            declared.add(name);
            assertEquals(kafka.path("metadata").path("name").asText(),
                    topic.node().path("metadata").path("labels").path("strimzi.io/cluster").asText(),
                    topic + " must carry the strimzi.io/cluster label of the Kafka cluster");
            assertEquals("topics/" + name.substring(PREFIX.length()) + ".yaml", topic.file(),
                    "one file per topic, named by its base name");
        }
        assertEquals(expected, declared, "k8s/topics/ must declare exactly the topics of Topic");
    }

    @Test
    void nodePoolsBelongToTheKafkaCluster() {
        List<K8sManifests.Document> pools = manifests.documents("KafkaNodePool");
        assertFalse(pools.isEmpty(), "a KRaft cluster needs a node pool");
        int replicas = 0;
        for (K8sManifests.Document pool : pools) {
            assertEquals(kafka.path("metadata").path("name").asText(),
                    pool.node().path("metadata").path("labels").path("strimzi.io/cluster").asText(), pool.toString());
            replicas += pool.node().path("spec").path("replicas").asInt();
        }
        int minIsr = kafka.path("spec").path("kafka").path("config").path("min.insync.replicas").asInt();
        for (K8sManifests.Document topic : manifests.documents("KafkaTopic")) {
            int topicReplicas = topic.node().path("spec").path("replicas").asInt();
            assertTrue(topicReplicas <= replicas && topicReplicas > minIsr,
                    topic + ": " + topicReplicas + " replicas on " + replicas + " brokers with min.insync.replicas " + minIsr);
        }
    }

    @Test
    void sessionJobRunsTheServiceJobOnTheSessionCluster() {
        JsonNode job = sessionJob.path("spec").path("job");
        assertEquals(sessionCluster.path("metadata").path("name").asText(),
                sessionJob.path("spec").path("deploymentName").asText());
        assertTrue(sessionCluster.path("spec").path("job").isMissingNode(), "a session cluster has no job section");
        assertEquals(ServiceJob.class.getName(), job.path("entryClass").asText());
        assertEquals(PREFIX, arg(job, "--topic-prefix"));
        assertEquals(job.path("parallelism").asText(), arg(job, "--parallelism"));
        assertEquals(kafka.path("metadata").path("name").asText() + "-kafka-bootstrap." + namespace + ".svc:"
                + plainListenerPort(), arg(job, "--bootstrap"));
    }

    @Test
    void jarUriIsTheJobJarOnTheInClusterJarServer() {
        String jarUri = sessionJob.path("spec").path("job").path("jarURI").asText();
        String service = manifests.document("Service", "asyncrl-jars").name();
        assertTrue(jarUri.startsWith("http://" + service + "." + namespace + ".svc/"), jarUri);
        assertTrue(jarUri.matches(".*/asyncrl-jobs-[^/]+-job\\.jar"), "the shaded jar's name: " + jarUri);
    }

    @Test
    void imageTagMatchesFlinkVersion() {
        String image = sessionCluster.path("spec").path("image").asText();
        String version = sessionCluster.path("spec").path("flinkVersion").asText();
        String tag = image.substring(image.indexOf(':') + 1);
        assertTrue(("v" + tag.replace('.', '_')).startsWith(version), image + " is not Flink " + version);
    }

    @Test
    void checkpointAndSavepointDirectoriesAreOnTheMountedClaim() {
        JsonNode conf = sessionCluster.path("spec").path("flinkConfiguration");
        JsonNode pod = sessionCluster.path("spec").path("podTemplate").path("spec");
        String mountPath = pod.path("containers").path(0).path("volumeMounts").path(0).path("mountPath").asText();
        String claim = pod.path("volumes").path(0).path("persistentVolumeClaim").path("claimName").asText();
        manifests.document("PersistentVolumeClaim", claim);
        for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir")) {
            assertTrue(conf.path(key).asText().startsWith("file://" + mountPath + "/"),
                    key + " = " + conf.path(key).asText() + " is not under " + mountPath);
        }
    }

    @Test
    void flinkRunsAsTheBoundServiceAccount() {
        String account = sessionCluster.path("spec").path("serviceAccount").asText();
        manifests.document("ServiceAccount", account);
        List<String> bound = new ArrayList<>();
        for (K8sManifests.Document binding : manifests.documents("RoleBinding")) {
            binding.node().path("subjects").forEach(s -> bound.add(s.path("namespace").asText() + "/" + s.path("name").asText()));
        }
        assertTrue(bound.contains(namespace + "/" + account), "no RoleBinding for " + account + ": " + bound);
    }

    private static JsonNode only(String kind) {
        List<K8sManifests.Document> docs = manifests.documents(kind);
        assertEquals(1, docs.size(), "expected one " + kind + ": " + docs);
        return docs.get(0).node();
    }

    private static String arg(JsonNode job, String flag) {
        JsonNode args = job.path("args");
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).asText().equals(flag)) {
                return args.get(i + 1).asText();
            }
        }
        throw new AssertionError("the session job has no " + flag + " argument: " + args);
    }

    private static int plainListenerPort() {
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if ("internal".equals(listener.path("type").asText()) && !listener.path("tls").asBoolean()) {
                return listener.path("port").asInt();
            }
        }
        throw new AssertionError("the Kafka cluster has no plain internal listener");
    }
}
