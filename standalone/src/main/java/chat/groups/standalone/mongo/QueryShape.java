package chat.groups.standalone.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a query filter and sort say that an index can use: the equalities on plain fields, the
 * range of values one field may take, the sort keys. Reads only the shapes it understands
 * and treats everything else as "no information", which is always safe: the planner only
 * narrows which documents are read, and every document read is still matched against the
 * whole filter by mongo-java-server's own matcher.
 */
final class QueryShape {

    /** A sort key: a field and its direction. */
    record SortKey(String field, boolean ascending) {
    }

    private QueryShape() {
    }

    /**
     * The filter as a list of conditions that must all hold (each a one-key document),
     * with {@code $and}s flattened; {@code null} if the filter has a shape this class does not
     * read (then no plan is made and the library runs the query as it always did).
     */
    static List<Document> conjuncts(Document filter) {
        List<Document> conjuncts = new ArrayList<>();
        return addConjuncts(filter, conjuncts) ? conjuncts : null;
    }

    private static boolean addConjuncts(Document filter, List<Document> conjuncts) {
        for (Map.Entry<String, Object> condition : filter.entrySet()) {
            if (condition.getKey().equals("$and")) {
                if (!(condition.getValue() instanceof List<?> terms) || terms.isEmpty()) {
                    return false;
                }
                for (Object term : terms) {
                    if (!(term instanceof Document document) || !addConjuncts(document, conjuncts)) {
                        return false;
                    }
                }
            } else {
                conjuncts.add(new Document(condition.getKey(), condition.getValue()));
            }
        }
        return true;
    }

    /**
     * The fields the filter requires to equal one plain value ({@code {f: v}} or
     * {@code {f: {$eq: v}}}), with that value; the first such condition per field.
     */
    static Map<String, Object> equalities(List<Document> conjuncts) {
        Map<String, Object> equalities = new LinkedHashMap<>();
        for (Document conjunct : conjuncts) {
            Map.Entry<String, Object> condition = conjunct.entrySet().iterator().next();
            String field = condition.getKey();
            if (field.startsWith("$")) {
                continue;
            }
            Object value = condition.getValue();
            if (value instanceof Document operators && operators.size() == 1 && operators.containsKey("$eq")) {
                value = operators.get("$eq");
            }
            if (isPlainValue(value)) {
                equalities.putIfAbsent(field, value);
            }
        }
        return equalities;
    }

    /**
     * A range holding every value of {@code field} in a document the filter matches
     * ({@link Interval#ALL} if the filter says nothing usable about it). Reads comparisons
     * ({@code $eq $lt $lte $gt $gte}, plain equality) on the field, conjunctions (intersected)
     * and {@code $or}s (whose branches' ranges are joined).
     */
    static Interval interval(List<Document> conjuncts, String field) {
        Interval interval = Interval.ALL;
        for (Document conjunct : conjuncts) {
            interval = interval.intersect(intervalOf(conjunct, field));
        }
        return interval;
    }

    private static Interval intervalOf(Document conjunct, String field) {
        Map.Entry<String, Object> condition = conjunct.entrySet().iterator().next();
        if (condition.getKey().equals(field)) {
            return fieldInterval(condition.getValue());
        }
        if (condition.getKey().equals("$or") && condition.getValue() instanceof List<?> branches && !branches.isEmpty()) {
            Interval hull = null;
            for (Object branch : branches) {
                if (!(branch instanceof Document document)) {
                    return Interval.ALL;
                }
                List<Document> branchConjuncts = conjuncts(document);
                if (branchConjuncts == null) {
                    return Interval.ALL;
                }
                Interval branchInterval = interval(branchConjuncts, field);
                hull = hull == null ? branchInterval : hull.hull(branchInterval);
                if (hull.isAll()) {
                    return hull;
                }
            }
            return hull;
        }
        return Interval.ALL;
    }

    private static Interval fieldInterval(Object spec) {
        if (isPlainValue(spec)) {
            return Interval.point(spec);
        }
        if (!(spec instanceof Document operators) || operators.isEmpty()) {
            return Interval.ALL;
        }
        for (String operator : operators.keySet()) {
            if (!operator.startsWith("$")) {
                return Interval.ALL; // a literal sub-document
            }
        }
        Interval interval = Interval.ALL;
        for (Map.Entry<String, Object> operator : operators.entrySet()) {
            Object operand = operator.getValue();
            if (!isPlainValue(operand)) {
                continue;
            }
            Interval bound = switch (operator.getKey()) {
                case "$eq" -> Interval.point(operand);
                case "$lt" -> Interval.below(operand, false);
                case "$lte" -> Interval.below(operand, true);
                case "$gt" -> Interval.above(operand, false);
                case "$gte" -> Interval.above(operand, true);
                default -> Interval.ALL;
            };
            interval = interval.intersect(bound);
        }
        return interval;
    }

    /**
     * The sort keys of {@code orderBy} (empty if none); {@code null} for a sort an index cannot
     * give ({@code $natural}, {@code $meta}, anything but 1 or -1).
     */
    static List<SortKey> sortKeys(Document orderBy) {
        List<SortKey> keys = new ArrayList<>();
        if (orderBy == null) {
            return keys;
        }
        for (Map.Entry<String, Object> key : orderBy.entrySet()) {
            if (key.getKey().startsWith("$") || !(key.getValue() instanceof Number direction)) {
                return null;
            }
            int sign = direction.intValue();
            if (sign != 1 && sign != -1 || direction.doubleValue() != sign) {
                return null;
            }
            keys.add(new SortKey(key.getKey(), sign > 0));
        }
        return keys;
    }

    /**
     * Scalars whose equality and order are plain: an index position found by comparing them
     * is exactly where every equal value sits. No null (which also matches missing fields),
     * no documents, arrays, regular expressions, NaN.
     */
    static boolean isPlainValue(Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof ObjectId || value instanceof Instant) {
            return true;
        }
        return value instanceof Double number && !number.isNaN();
    }
}
