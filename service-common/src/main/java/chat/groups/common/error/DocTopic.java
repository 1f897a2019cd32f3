package chat.groups.common.error;

/** The page of the API documentation an error points to, relative to the configured documentation root. */
public enum DocTopic {
    ERRORS("/errors"),
    AUTHENTICATION("/authentication"),
    PERMISSIONS("/permissions"),
    PAGINATION("/pagination"),
    GROUPS("/groups"),
    WEBHOOKS("/webhooks");

    private final String path;

    DocTopic(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
