package chat.groups.standalone.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What every error answer of the API promises, checked on every exchange of every end-to-end
 * test (through {@link Api}): a JSON body with a non-blank, snake_case {@code code}, so a client
 * can always branch on the code and never has to parse the message.
 */
final class ErrorContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorContract() {
    }

    static void check(String method, String path, int status, String body) {
        if (status < 400 || method.equals("HEAD")) {
            return;
        }
        JsonNode error;
        try {
            error = JSON.readTree(body);
        } catch (IOException notJson) {
            throw new AssertionError(method + " " + path + " answered " + status + " without a JSON error body: " + body);
        }
        JsonNode code = error == null ? null : error.get("code");
        if (code == null || !code.isTextual() || !code.asText().matches("[a-z]+(_[a-z]+)*")) {
            throw new AssertionError(method + " " + path + " answered " + status + " without a snake_case code: " + body);
        }
    }
}
