package chat.groups.standalone.wire;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A value of every component of a record, recursively: enough to build any message of the vocabulary. */
final class Samples {

    static final String GROUP_ID = "l7cGNIBKZiNJ6wqF";

    private Samples() {
    }

    static Object of(Type type) {
        if (type instanceof ParameterizedType generic) {
            Class<?> raw = (Class<?>) generic.getRawType();
            Type[] arguments = generic.getActualTypeArguments();
            if (raw == List.class) {
                return List.of(of(arguments[0]), of(arguments[0]));
            }
            if (raw == Optional.class) {
                return Optional.of(of(arguments[0]));
            }
            if (raw == Map.class) {
                return Map.of(of(arguments[0]), of(arguments[1]));
            }
            if (raw.isRecord()) {
                return record(raw, arguments);
            }
            throw new IllegalArgumentException("No sample for " + type + ": teach Samples");
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return GROUP_ID;
        }
        if (c == long.class || c == Long.class) {
            return 692233200L;
        }
        if (c == int.class || c == Integer.class) {
            return 10;
        }
        if (c == boolean.class || c == Boolean.class) {
            return Boolean.TRUE;
        }
        if (c == Instant.class) {
            return Instant.ofEpochMilli(692233200123L);
        }
        if (c.isEnum()) {
            return c.getEnumConstants()[0];
        }
        if (c.isRecord()) {
            return record(c, new Type[0]);
        }
        throw new IllegalArgumentException("No sample for " + type + ": teach Samples");
    }

    /** A record with a sample in every component; {@code typeArguments} bind the record's own type parameters. */
    private static Object record(Class<?> type, Type[] typeArguments) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Type componentType = components[i].getGenericType();
            for (int p = 0; p < typeArguments.length; p++) {
                if (componentType.equals(type.getTypeParameters()[p])) {
                    componentType = typeArguments[p];
                }
            }
            values[i] = of(componentType);
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot make a sample " + type.getSimpleName(), e);
        }
    }
}
