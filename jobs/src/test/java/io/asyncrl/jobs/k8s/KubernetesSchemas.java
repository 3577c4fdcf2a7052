package io.asyncrl.jobs.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.keyword.UnknownKeywordFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The schema of every resource type this repository deploys, keyed by {@code "apiVersion kind"}:
 * each served version of the CRDs under {@code k8s/crds/}, made strict by {@link StructuralSchemas},
 * plus a few built-in kinds checked for apiVersion, kind and metadata only.
 */
final class KubernetesSchemas {
    /** Built-in kinds the base may use, with the apiVersion each must have. */
    static final Map<String, String> CORE_KINDS = Map.of(
            "Namespace", "v1",
            "ServiceAccount", "v1",
            "RoleBinding", "rbac.authorization.k8s.io/v1",
            "PersistentVolumeClaim", "v1",
            "Deployment", "apps/v1",
            "Service", "v1");

    /**
     * openAPIV3Schema is JSON Schema draft 4 plus {@code nullable} and the {@code x-kubernetes-*}
     * extensions. The extensions are the API server's business (pruning, CEL rules, list merging),
     * so they validate nothing here; {@code nullable} is ignored too, which only makes a null
     * stricter to pass; {@code example} is OpenAPI documentation. Any other unknown keyword keeps the
     * library's warning.
     */
    private static final Dialect DIALECT = Dialect.builder("https://asyncrl.io/schemas/k8s-openapi-v3", Dialects.getDraft4())
            .unknownKeywordFactory(KubernetesSchemas::keyword)
            .build();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(DIALECT);

    private final Map<String, Schema> byType;

    private KubernetesSchemas(Map<String, Schema> byType) {
        this.byType = byType;
    }

    /** Reads every CRD under {@code crdDir} and adds the built-in kinds. */
    static KubernetesSchemas load(Path crdDir) {
        Map<String, Schema> byType = new TreeMap<>();
        for (Path file : crdFiles(crdDir)) {
            for (JsonNode crd : K8sManifests.readAll(file)) {
                if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    continue;
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    if (!version.path("served").asBoolean(true)) {
                        continue;
                    }
                    String apiVersion = group + "/" + version.path("name").asText();
                    JsonNode openApi = version.path("schema").path("openAPIV3Schema");
                    if (openApi.isMissingNode()) {
                        throw new IllegalStateException(file + ": " + apiVersion + " " + kind + " has no openAPIV3Schema");
                    }
                    byType.put(key(apiVersion, kind),
                            REGISTRY.getSchema(StructuralSchemas.forCustomResource(openApi, apiVersion, kind)));
                }
            }
        }
        CORE_KINDS.forEach((kind, apiVersion) ->
                byType.put(key(apiVersion, kind), REGISTRY.getSchema(StructuralSchemas.forCoreResource(apiVersion, kind))));
        return new KubernetesSchemas(byType);
    }

    /** The {@code "apiVersion kind"} pairs known, sorted. */
    Set<String> types() {
        return byType.keySet();
    }

    /**
     * The schema violations of one document, empty when it is valid.
     *
     * @throws IllegalArgumentException when no CRD or built-in kind serves its apiVersion and kind
     */
    List<Error> validate(JsonNode document) {
        String type = key(document.path("apiVersion").asText(), document.path("kind").asText());
        Schema schema = byType.get(type);
        if (schema == null) {
            throw new IllegalArgumentException("no schema for '" + type + "'; known: " + byType.keySet());
        }
        return schema.validate(document);
    }

    /** One line per error: where, which keyword, and the library's message. */
    static String describe(List<Error> errors) {
        return errors.stream()
                .map(e -> e.getInstanceLocation() + " [" + e.getKeyword() + "] " + e.getMessage())
                .collect(Collectors.joining("\n"));
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    private static List<Path> crdFiles(Path crdDir) {
        try (Stream<Path> files = Files.list(crdDir)) {
            List<Path> crds = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .collect(Collectors.toList());
            if (crds.isEmpty()) {
                throw new IllegalStateException("no CRD files in " + crdDir);
            }
            return crds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Keyword keyword(String name, SchemaContext context) {
        if (name.startsWith("x-kubernetes-") || name.equals("nullable") || name.equals("example")) {
            return new NonValidationKeyword(name);
        }
        return UnknownKeywordFactory.getInstance().getKeyword(name, context);
    }
}
