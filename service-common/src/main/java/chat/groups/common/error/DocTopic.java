package chat.groups.common.error;

/**
 * @deprecated an error's {@code documentation_url} now points at its {@link ErrorCode}'s anchor;
 * kept only so call sites written before codes still compile (they get a code from their status).
 */
@Deprecated
public enum DocTopic {
    ERRORS,
    AUTHENTICATION,
    PERMISSIONS,
    PAGINATION,
    GROUPS,
    WEBHOOKS
}
