package io.asyncrl.jobs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The few calls of Flink's REST API that deploying needs: {@code GET /overview},
 * {@code POST /jars/upload}, {@code POST /jars/:jarid/run}, {@code GET /jobs/overview},
 * {@code GET /jobs/:jobid} and {@code PATCH /jobs/:jobid?mode=cancel}.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String baseUrl() {
        return base;
    }

    public JsonNode overview() throws IOException, InterruptedException {
        return get("/overview");
    }

    /** Every job the cluster knows: {@code jobs[].jid, name, state}. */
    public JsonNode jobs() throws IOException, InterruptedException {
        return get("/jobs/overview");
    }

    public JsonNode job(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId);
    }

    /** The job's state, e.g. RUNNING, FAILED, CANCELED. */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return job(jobId).path("state").asText();
    }

    /** Uploads {@code jar} (multipart field {@code jarfile}) and returns its jar id. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "asyncrl-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName() + "\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .timeout(TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        JsonNode r = send(req);
        String filename = r.path("filename").asText();
        if (!"success".equals(r.path("status").asText()) || filename.isEmpty()) {
            throw new IOException("jar upload to " + base + " failed: " + r);
        }
        return Path.of(filename).getFileName().toString();
    }

    /** Runs the uploaded jar's {@code entryClass} with {@code args}; returns the job id. */
    public String runJar(String jarId, String entryClass, List<String> args, Integer parallelism)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.putPOJO("programArgsList", args);
        if (parallelism != null) {
            body.put("parallelism", parallelism);
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/jars/" + jarId + "/run"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        String jobId = send(req).path("jobid").asText();
        if (jobId.isEmpty()) {
            throw new IOException("running jar " + jarId + " on " + base + " returned no job id");
        }
        return jobId;
    }

    public void cancel(String jobId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                .timeout(TIMEOUT)
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build());
    }

    private JsonNode send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(req.method() + " " + req.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }
}
