package chat.groups.api;

/**
 * One field of a partial update. A {@code null} {@code Change} means "leave the field as it
 * is"; {@code Change.to(null)} means "clear it". This keeps "absent" and "set to null"
 * apart without {@code Optional} fields.
 */
public record Change<T>(T value) {

    public static <T> Change<T> to(T value) {
        return new Change<>(value);
    }
}
