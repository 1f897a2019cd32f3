package chat.groups.common.apidoc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API's reference page at {@code GET /docs}, without a token: Swagger UI (from its webjar,
 * served by this jar under {@code /webjars/}) rendering {@code /openapi.json}, with this server
 * first in the list of servers so that "Try it out" and its curl lines address it. Nothing is
 * loaded from anywhere else, which the page's Content-Security-Policy enforces.
 */
@RestController
public class ReferencePage {

    static final String SWAGGER_UI = "/webjars/swagger-ui/" + swaggerUiVersion();
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; frame-ancestors 'none'";

    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Groups API reference</title>
              <link rel="stylesheet" href="%1$s/swagger-ui.css">
              <link rel="icon" href="%1$s/favicon-32x32.png">
            </head>
            <body>
              <div id="reference"></div>
              <script src="%1$s/swagger-ui-bundle.js"></script>
              <script src="/docs/reference.js"></script>
            </body>
            </html>
            """.formatted(SWAGGER_UI);

    /**
     * Renders the document with this server first among the servers, and the reference page's
     * curl examples ({@code x-codeSamples}) shown under each operation against this server.
     */
    private static final String SCRIPT = """
            fetch('/openapi.json')
              .then(response => response.json())
              .then(spec => {
                const here = window.location.origin;
                const documented = (spec.servers || []).map(server => server.url);
                spec.servers = [{url: here, description: 'This server'}].concat(spec.servers || []);
                Object.values(spec.paths || {}).forEach(path => Object.values(path).forEach(operation => {
                  (operation['x-codeSamples'] || []).forEach(sample => {
                    let source = sample.source;
                    documented.forEach(url => { source = source.split(url).join(here); });
                    operation.description = (operation.description || '') + '\\n\\n```sh\\n' + source + '```\\n';
                  });
                }));
                window.ui = SwaggerUIBundle({
                  spec: spec,
                  dom_id: '#reference',
                  deepLinking: true,
                  docExpansion: 'list',
                  defaultModelsExpandDepth: 0,
                  validatorUrl: null,
                  tryItOutEnabled: false
                });
              });
            """;

    @GetMapping(path = "/docs", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8)).body(PAGE);
    }

    @GetMapping(path = "/docs/reference.js", produces = "text/javascript")
    ResponseEntity<String> script() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .contentType(MediaType.parseMediaType("text/javascript;charset=UTF-8")).body(SCRIPT);
    }

    /** The version of the Swagger UI webjar on the classpath, whose files live under a path named after it. */
    private static String swaggerUiVersion() {
        try (InputStream in = ReferencePage.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The org.webjars:swagger-ui jar is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
