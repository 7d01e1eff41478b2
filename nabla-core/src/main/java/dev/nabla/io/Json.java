package dev.nabla.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, dependency-free JSON (RFC 8259) reader and writer.
 *
 * <p>Parsing maps JSON to plain Java values: object → {@code LinkedHashMap<String, Object>} (key
 * order kept), array → {@code ArrayList<Object>}, string → {@link String}, number → {@link Long}
 * when it is an integer literal that fits (no fraction, no exponent), else {@link Double},
 * {@code true}/{@code false} → {@link Boolean}, {@code null} → {@code null}. Errors are
 * {@link JsonException}s naming the line and column.
 *
 * <pre>{@code
 * Map<String, Object> header = Json.parseObject("{\"dtype\": \"F32\", \"shape\": [2, 3]}");
 * String text = Json.write(header);
 * }</pre>
 */
public final class Json {
    private Json() {}

    /** A syntax error, with the 1-based line and column where it was found. */
    public static final class JsonException extends IllegalArgumentException {
        private final int line, column;

        JsonException(String message, int line, int column) {
            super("JSON error at line " + line + ", column " + column + ": " + message);
            this.line = line;
            this.column = column;
        }

        public int line() { return line; }
        public int column() { return column; }
    }

    /** Parses one JSON value; trailing non-whitespace is an error. Args: text (not modified). */
    public static Object parse(CharSequence text) { return parse(text, 1); }

    /**
     * Parses one JSON value whose first character is on line {@code firstLine} of a larger file
     * (for JSON Lines), so error positions name the file's line.
     */
    public static Object parse(CharSequence text, int firstLine) {
        Reader r = new Reader(text, firstLine);
        r.skipWs();
        Object v = r.value();
        r.skipWs();
        if (r.pos < text.length()) throw r.error("unexpected '" + text.charAt(r.pos) + "' after the value");
        return v;
    }

    /** Parses a JSON object (the top-level value must be an object). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(CharSequence text) {
        Object v = parse(text);
        if (!(v instanceof Map)) throw new JsonException("expected an object at the top level, got " + typeName(v), 1, 1);
        return (Map<String, Object>) v;
    }

    /** The JSON type name of a parsed value, for error messages. */
    public static String typeName(Object v) {
        if (v == null) return "null";
        if (v instanceof Map) return "object";
        if (v instanceof List) return "array";
        if (v instanceof String) return "string";
        if (v instanceof Boolean) return "boolean";
        if (v instanceof Number) return "number";
        return v.getClass().getSimpleName();
    }

    private static final class Reader {
        final CharSequence s;
        int pos, line, lineStart;

        Reader(CharSequence s, int firstLine) { this.s = s; this.line = firstLine; }

        JsonException error(String msg) { return new JsonException(msg, line, pos - lineStart + 1); }

        void skipWs() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\n') { line++; lineStart = pos + 1; }
                else if (c != ' ' && c != '\t' && c != '\r') return;
                pos++;
            }
        }

        Object value() {
            if (pos >= s.length()) throw error("unexpected end of input, expected a value");
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) yield number();
                    throw error("unexpected character '" + c + "', expected a value");
                }
            };
        }

        Object literal(String word, Object v) {
            for (int k = 0; k < word.length(); k++)
                if (pos + k >= s.length() || s.charAt(pos + k) != word.charAt(k)) throw error("invalid literal, expected '" + word + "'");
            pos += word.length();
            return v;
        }

        Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            pos++;
            skipWs();
            if (pos < s.length() && s.charAt(pos) == '}') { pos++; return m; }
            while (true) {
                skipWs();
                if (pos >= s.length() || s.charAt(pos) != '"') throw error("expected a string key in object");
                String key = string();
                skipWs();
                expect(':', "after object key \"" + key + "\"");
                skipWs();
                m.put(key, value());
                skipWs();
                if (pos >= s.length()) throw error("unexpected end of input in object, expected ',' or '}'");
                char c = s.charAt(pos++);
                if (c == '}') return m;
                if (c != ',') { pos--; throw error("expected ',' or '}' in object, got '" + c + "'"); }
            }
        }

        List<Object> array() {
            List<Object> a = new ArrayList<>();
            pos++;
            skipWs();
            if (pos < s.length() && s.charAt(pos) == ']') { pos++; return a; }
            while (true) {
                skipWs();
                a.add(value());
                skipWs();
                if (pos >= s.length()) throw error("unexpected end of input in array, expected ',' or ']'");
                char c = s.charAt(pos++);
                if (c == ']') return a;
                if (c != ',') { pos--; throw error("expected ',' or ']' in array, got '" + c + "'"); }
            }
        }

        void expect(char c, String where) {
            if (pos >= s.length() || s.charAt(pos) != c) throw error("expected '" + c + "' " + where);
            pos++;
        }

        String string() {
            pos++;
            int start = pos;
            // fast path: no escapes
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '"') { String r = s.subSequence(start, pos).toString(); pos++; return r; }
                if (c == '\\') break;
                if (c < 0x20) throw error("control character U+" + String.format("%04X", (int) c) + " in string (must be escaped)");
                pos++;
            }
            StringBuilder sb = new StringBuilder().append(s, start, pos);
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') return sb.toString();
                if (c < 0x20) { pos--; throw error("control character U+" + String.format("%04X", (int) c) + " in string (must be escaped)"); }
                if (c != '\\') { sb.append(c); continue; }
                if (pos >= s.length()) break;
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) throw error("truncated \\u escape");
                        int v = 0;
                        for (int k = 0; k < 4; k++) {
                            int d = Character.digit(s.charAt(pos + k), 16);
                            if (d < 0) throw error("invalid hex digit '" + s.charAt(pos + k) + "' in \\u escape");
                            v = v * 16 + d;
                        }
                        pos += 4;
                        sb.append((char) v);
                    }
                    default -> { pos--; throw error("invalid escape '\\" + e + "' in string"); }
                }
            }
            throw error("unterminated string");
        }

        Object number() {
            int start = pos;
            boolean integral = true;
            if (s.charAt(pos) == '-') pos++;
            if (pos >= s.length() || !Character.isDigit(s.charAt(pos))) throw error("invalid number: expected a digit after '-'");
            if (s.charAt(pos) == '0') {
                pos++;
                if (pos < s.length() && Character.isDigit(s.charAt(pos))) throw error("invalid number: leading zero");
            } else while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
            if (pos < s.length() && s.charAt(pos) == '.') {
                integral = false;
                pos++;
                if (pos >= s.length() || !Character.isDigit(s.charAt(pos))) throw error("invalid number: expected a digit after '.'");
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                integral = false;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) pos++;
                if (pos >= s.length() || !Character.isDigit(s.charAt(pos))) throw error("invalid number: expected a digit in the exponent");
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
            }
            String text = s.subSequence(start, pos).toString();
            if (integral && pos - start <= 18) return Long.parseLong(text);
            if (integral) {
                try { return Long.parseLong(text); } catch (NumberFormatException e) { return Double.parseDouble(text); }
            }
            return Double.parseDouble(text);
        }
    }

    // ------------------------------------------------------------------ writing

    /** Compact JSON text for a value made of Map, List (or array of primitives), String, Number, Boolean and null. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    /** Appends compact JSON for {@code value} to {@code out} (modified). Non-finite numbers are an error. */
    public static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String str -> quote(str, out);
            case Boolean b -> out.append(b);
            case Double d -> number(d, out);
            case Float f -> number(f.doubleValue(), out);
            case Number n -> out.append(n.longValue());
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    if (!first) out.append(',');
                    first = false;
                    if (!(e.getKey() instanceof String k))
                        throw new IllegalArgumentException("Json.write: object keys must be strings, got " + typeName(e.getKey()));
                    quote(k, out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            case Iterable<?> it -> {
                out.append('[');
                boolean first = true;
                for (Object o : it) {
                    if (!first) out.append(',');
                    first = false;
                    write(o, out);
                }
                out.append(']');
            }
            default -> {
                if (!value.getClass().isArray())
                    throw new IllegalArgumentException("Json.write: cannot write a " + value.getClass().getName());
                out.append('[');
                for (int k = 0, n = java.lang.reflect.Array.getLength(value); k < n; k++) {
                    if (k > 0) out.append(',');
                    write(java.lang.reflect.Array.get(value, k), out);
                }
                out.append(']');
            }
        }
    }

    private static void number(double d, StringBuilder out) {
        if (!Double.isFinite(d)) throw new IllegalArgumentException("Json.write: " + d + " has no JSON representation");
        out.append(d); // Double.toString is the shortest round-tripping form, and valid JSON (e.g. 1.0E-7)
    }

    /** Appends {@code s} as a JSON string literal, escaping quotes, backslashes and control characters. */
    public static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
