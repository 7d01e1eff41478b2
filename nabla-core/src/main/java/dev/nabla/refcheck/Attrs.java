package dev.nabla.refcheck;

import java.util.List;
import java.util.Map;

/**
 * Typed reads of a reference case's {@code attrs} (JSON values: Long or Double numbers, Boolean,
 * String, List, null), for {@link OpRunner}s. An absent key gives the PyTorch default passed in.
 */
public final class Attrs {
    private Attrs() {}

    public static boolean has(Map<String, Object> attrs, String key) { return attrs.containsKey(key) && attrs.get(key) != null; }

    public static int integer(Map<String, Object> attrs, String key, int dflt) {
        Object v = attrs.get(key);
        if (v == null) return dflt;
        return toInt(key, v);
    }

    public static double number(Map<String, Object> attrs, String key, double dflt) {
        Object v = attrs.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("attribute '" + key + "' must be a number, got " + v);
    }

    public static boolean bool(Map<String, Object> attrs, String key, boolean dflt) {
        Object v = attrs.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException("attribute '" + key + "' must be true or false, got " + v);
    }

    public static String string(Map<String, Object> attrs, String key, String dflt) {
        Object v = attrs.get(key);
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        throw new IllegalArgumentException("attribute '" + key + "' must be a string, got " + v);
    }

    /** An int list; a single int is read as a one-element list; null/absent gives {@code dflt}. */
    public static int[] ints(Map<String, Object> attrs, String key, int[] dflt) {
        Object v = attrs.get(key);
        if (v == null) return dflt;
        if (v instanceof Number) return new int[]{toInt(key, v)};
        if (!(v instanceof List<?> l)) throw new IllegalArgumentException("attribute '" + key + "' must be an int list, got " + v);
        int[] out = new int[l.size()];
        for (int k = 0; k < out.length; k++) out[k] = toInt(key, l.get(k));
        return out;
    }

    static int toInt(String key, Object v) {
        if (v instanceof Long l && l == (int) (long) l) return (int) (long) l;
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) (double) d;
        throw new IllegalArgumentException("attribute '" + key + "' must be an integer, got " + v);
    }
}
