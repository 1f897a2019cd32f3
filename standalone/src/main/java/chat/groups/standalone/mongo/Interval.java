package chat.groups.standalone.mongo;

import de.bwaldvogel.mongo.backend.ValueComparator;

/**
 * A range of values of one field, in the order mongo-java-server compares values
 * ({@link ValueComparator}); {@code null} limits are unbounded. Used only to narrow an index
 * scan: it must hold every value a query can match (a superset is fine, the query is still
 * matched against every document read), never fewer.
 */
record Interval(Limit lower, Limit upper) {

    /** One end of an interval. */
    record Limit(Object value, boolean inclusive) {
    }

    static final Interval ALL = new Interval(null, null);

    static Interval point(Object value) {
        return new Interval(new Limit(value, true), new Limit(value, true));
    }

    static Interval below(Object value, boolean inclusive) {
        return new Interval(null, new Limit(value, inclusive));
    }

    static Interval above(Object value, boolean inclusive) {
        return new Interval(new Limit(value, inclusive), null);
    }

    boolean isAll() {
        return lower == null && upper == null;
    }

    /** Values in both (for a conjunction). */
    Interval intersect(Interval other) {
        return new Interval(tighter(lower, other.lower, true), tighter(upper, other.upper, false));
    }

    /** The smallest interval holding both (for a disjunction). */
    Interval hull(Interval other) {
        return new Interval(looser(lower, other.lower, true), looser(upper, other.upper, false));
    }

    private static Limit tighter(Limit a, Limit b, boolean lowerEnd) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        int c = ValueComparator.asc().compare(a.value, b.value);
        if (c == 0) {
            return a.inclusive ? b : a;
        }
        return (c > 0) == lowerEnd ? a : b;
    }

    private static Limit looser(Limit a, Limit b, boolean lowerEnd) {
        if (a == null || b == null) {
            return null;
        }
        int c = ValueComparator.asc().compare(a.value, b.value);
        if (c == 0) {
            return a.inclusive ? a : b;
        }
        return (c < 0) == lowerEnd ? a : b;
    }
}
