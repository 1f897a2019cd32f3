package chat.groups.standalone.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.Yaml;

/**
 * Holds every exchange of the end-to-end tests to the OpenAPI document
 * (service-common/src/main/resources/openapi/openapi.yaml), with Atlassian's validator
 * (swagger-request-validator), on the document's 3.0 translation ({@link #asOpenApi30}):
 *
 * <ul>
 *   <li>every answer must be one the document describes for that operation: its status, its
 *       headers, its body's schema (errors included);</li>
 *   <li>every request the server <em>accepted</em> (2xx/3xx) must be one the document allows, so
 *       the document never forbids what the service does. Requests the server refused are the
 *       tests' deliberate mistakes; their answers are still checked;</li>
 *   <li>a path or method the document does not have may only ever be refused (4xx).</li>
 * </ul>
 */
public final class OpenApiContract {

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(asOpenApi30(document()))
            .build();

    private OpenApiContract() {
    }

    /** Fails with the validator's findings when the exchange breaks the document. */
    public static void check(String method, URI uri, Map<String, List<String>> requestHeaders, String requestBody,
                             int status, Map<String, List<String>> responseHeaders, String responseBody) {
        String path = uri.getRawPath();
        if (!path.startsWith("/v1/") && !path.equals("/v1") && !path.startsWith("/admin/") || method.equals("HEAD")
                || method.equals("OPTIONS")) {
            return; // actuator, /openapi.json, /docs, and HTTP's own HEAD and OPTIONS: not operations of the API
        }
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
        requestHeaders.forEach(request::withHeader);
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                try {
                    request.withQueryParam(URLDecoder.decode(name, StandardCharsets.UTF_8),
                            URLDecoder.decode(value, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException undecodable) {
                    request.withQueryParam(name, value);
                }
            }
        }
        if (requestBody != null && !requestBody.isEmpty()) {
            request.withBody(requestBody);
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        responseHeaders.forEach(response::withHeader);
        if (responseBody != null && !responseBody.isEmpty()) {
            response.withBody(responseBody);
        }
        ValidationReport report = VALIDATOR.validate(request.build(), response.build());
        boolean accepted = status < 400;
        List<ValidationReport.Message> problems = report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .filter(message -> accepted || !isAboutTheRequest(message))
                .toList();
        if (!problems.isEmpty()) {
            throw new AssertionError("The exchange " + method + " " + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " -> " + status
                    + " breaks the OpenAPI document:\n  "
                    + problems.stream().map(m -> m.getKey() + ": " + m.getMessage()).collect(Collectors.joining("\n  "))
                    + "\nresponse body: " + responseBody);
        }
    }

    private static Map<String, Object> document() {
        try {
            return new Yaml().load(Files.readString(Repository.file("service-common/src/main/resources/openapi/openapi.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document as OpenAPI 3.0, which is what swagger-request-validator 2.x validates schemas
     * of (its 3.1-aware successor needs Java 21; this build runs on 17). Read as 3.1, it would
     * silently skip every type check of a {@code type: [string, "null"]}. The translation is
     * mechanical and loses nothing the tests rely on: {@code type: [T, "null"]} becomes
     * {@code type: T, nullable: true}; a schema's {@code examples} list becomes one
     * {@code example}; {@code const} becomes a one-value {@code enum}; the bracketed form keys
     * ({@code patternProperties}, which 3.0 lacks) become {@code additionalProperties} of their schema.
     */
    static String asOpenApi30(Map<String, Object> document) {
        Map<String, Object> copy = new LinkedHashMap<>(document);
        copy.put("openapi", "3.0.3");
        @SuppressWarnings("unchecked")
        Map<String, Object> info = new LinkedHashMap<>((Map<String, Object>) copy.get("info"));
        info.remove("summary");
        info.remove("license");
        copy.put("info", info);
        try {
            return new ObjectMapper().writeValueAsString(downgrade(copy));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object downgrade(Object node) {
        if (node instanceof List<?> list) {
            return list.stream().map(OpenApiContract::downgrade).toList();
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<String, Object>) map).forEach((key, value) -> out.put(key, downgrade(value)));
        if (out.get("type") instanceof List<?> types) {
            List<?> real = types.stream().filter(type -> !"null".equals(type)).toList();
            out.put("type", real.get(0));
            if (real.size() < types.size()) {
                out.put("nullable", true);
            }
        }
        if (out.get("examples") instanceof List<?> examples && out.containsKey("type")) {
            out.remove("examples");
            out.put("example", examples.get(0));
        }
        if (out.containsKey("const")) {
            out.put("enum", List.of(out.remove("const")));
        }
        if (out.remove("patternProperties") instanceof Map<?, ?> patterns && !patterns.isEmpty()) {
            out.put("additionalProperties", patterns.values().iterator().next());
        }
        return out;
    }

    /** Findings about the request alone; an unknown path or method counts too (it may only be refused). */
    private static boolean isAboutTheRequest(ValidationReport.Message message) {
        return message.getKey().startsWith("validation.request.");
    }
}
