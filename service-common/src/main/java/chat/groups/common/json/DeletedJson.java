package chat.groups.common.json;

/** The answer to a successful DELETE, as Stripe answers one: the id and {@code "deleted": true}. */
public record DeletedJson(String id, boolean deleted) {
}
