package chat.groups.common.apidoc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the API's OpenAPI document, {@code openapi/openapi.yaml} in this module, as JSON at
 * {@code GET /openapi.json}, without a token. The YAML file in the repository is the one source:
 * the tests validate every exchange against it and the reference page renders it.
 */
@RestController
public class OpenApiDocument {

    public static final String RESOURCE = "openapi/openapi.yaml";

    private final byte[] json;

    public OpenApiDocument(JsonMapper mapper) {
        this.json = mapper.writeValueAsBytes(load());
    }

    /** The document as a tree of maps and lists. */
    public static Map<String, Object> load() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping(path = "/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> document() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(MediaType.APPLICATION_JSON).body(json);
    }
}
