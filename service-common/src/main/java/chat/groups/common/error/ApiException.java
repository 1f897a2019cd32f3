package chat.groups.common.error;

import org.springframework.http.HttpStatus;

/** A request the API refuses, with the status and a message that tells the caller how to fix it. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final DocTopic topic;

    public ApiException(HttpStatus status, DocTopic topic, String message) {
        super(message);
        this.status = status;
        this.topic = topic;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, DocTopic.GROUPS, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, DocTopic.GROUPS, message);
    }

    public HttpStatus status() {
        return status;
    }

    public DocTopic topic() {
        return topic;
    }
}
