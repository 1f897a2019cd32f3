package chat.groups.standalone;

import static chat.groups.standalone.support.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A URL or headers over the server's limit (8 KiB for the request line and headers together,
 * Spring Boot's {@code server.max-http-request-header-size}) are refused before any
 * application code runs: 414 and 431 in the API's error shape, saying what is too long and
 * how to fix it, not Tomcat's 400 about characters that must be percent-encoded. Sent over a
 * plain socket, exactly as written (an HTTP client might refuse or rewrite them).
 */
class OversizedRequestTest {

    private final TestServer server = TestServer.shared();
    private final String token = TestServer.tokenOf("alice");

    @Test
    void aTenKilobyteUrlIs414() {
        Response response = send("GET /v1/groups?starting_after=" + "A".repeat(10 * 1024) + " HTTP/1.1", List.of());

        assertError(response, 414, "url_too_long",
                "The URL is too long: the URL and the headers together may be at most 8 KiB. Shorten the URL: "
                        + "send filters in fewer or shorter query parameters");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aUrlTakingMostOfTheLimitIs414EvenWhenTheHeadersTipItOver() {
        Response response = send("GET /v1/groups?starting_after=" + "A".repeat(6 * 1024) + " HTTP/1.1",
                List.of("X-Padding: " + "p".repeat(3 * 1024)));

        assertError(response, 414, "url_too_long", "this URL alone is 6170 bytes");
    }

    @Test
    void aSixteenKilobyteHeaderIs431() {
        Response response = send("GET /v1/groups HTTP/1.1", List.of("X-Padding: " + "p".repeat(16 * 1024)));

        assertError(response, 431, "headers_too_large",
                "The request headers are too large: the URL and the headers together may be at most 8 KiB "
                        + "(this URL takes 10 bytes of it). Send fewer or smaller headers");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void tooManyHeadersIs431() {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            headers.add("X-Header-" + i + ": " + i);
        }

        assertError(send("GET /v1/groups HTTP/1.1", headers), 431, "headers_too_large",
                "The request has too many headers: at most 100 are read. Send fewer headers.");
    }

    @Test
    void charactersThatMustBePercentEncodedStay400() {
        Response response = send("GET /v1/groups?limit=<1> HTTP/1.1", List.of());

        assertError(response, 400, "request_malformed", "must be percent-encoded");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void justUnderTheLimitIsServed() {
        Response response = send("GET /v1/groups?limit=1&x=" + "A".repeat(6 * 1024) + " HTTP/1.1", List.of());

        assertError(response, 400, "parameter_unknown", "x", "Unknown parameter 'x'");
    }

    /** Sends one request (with Host, the API key and {@code Connection: close}) and reads the answer. */
    private Response send(String requestLine, List<String> headers) {
        URI base = server.baseUri();
        StringBuilder head = new StringBuilder(requestLine).append("\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Authorization: Bearer ").append(token).append("\r\n");
        headers.forEach(header -> head.append(header).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException hungUpEarly) {
                // The server may answer and close before reading the whole request: read what it said.
            }
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new AssertionError("no answer to " + requestLine.substring(0, Math.min(60, requestLine.length())), e);
        }
    }

    private static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int endOfHead = text.indexOf("\r\n\r\n");
        assertThat(text).as("an HTTP answer").startsWith("HTTP/1.1 ");
        assertThat(endOfHead).as("end of the answer's head in %s", text).isPositive();
        String[] lines = text.substring(0, endOfHead).split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(endOfHead + 4);
        if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
            body = dechunk(body);
        }
        return new Response(Integer.parseInt(lines[0].substring(9, 12)), HttpHeaders.of(headers, (name, value) -> true),
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
            out.writeBytes(chunked.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.ISO_8859_1));
            at = lineEnd + 2 + size + 2;
        }
    }
}
