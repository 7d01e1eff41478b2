package dev.nabla.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class JsonTest {
    @Test
    void parsesEveryValueTypeToPlainJava() {
        Map<String, Object> m = Json.parseObject("{\"s\": \"hi\", \"i\": -42, \"big\": 12345678901234, \"d\": 1.5e-3, \"e\": 2E2,"
                + " \"t\": true, \"f\": false, \"n\": null, \"a\": [1, [2.0], {}], \"o\": {\"k\": []}}");
        assertEquals("hi", m.get("s"));
        assertEquals(-42L, m.get("i"));
        assertEquals(12345678901234L, m.get("big"));
        assertEquals(1.5e-3, m.get("d"));
        assertEquals(200.0, m.get("e"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertEquals(Boolean.FALSE, m.get("f"));
        assertTrue(m.containsKey("n"));
        assertNull(m.get("n"));
        assertEquals(List.of(1L, List.of(2.0), Map.of()), m.get("a"));
        assertEquals(Map.of("k", List.of()), m.get("o"));
        assertEquals(List.of("s", "i", "big", "d", "e", "t", "f", "n", "a", "o"), List.copyOf(m.keySet()), "key order is kept");
    }

    @Test
    void integersTooLargeForLongBecomeDouble() {
        assertEquals(1e20, Json.parse("100000000000000000000"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
    }

    @Test
    void decodesEscapes() {
        assertEquals("a\"b\\c/d\b\f\n\r\t\u00e9\u20ac", Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\""));
    }

    @Test
    void writesWithEscapingAndRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quote\"back\\slash", "line\nbreak\ttab\u0001ctl");
        m.put("nums", List.of(1L, -2.5, 1e-7, 3.0));
        m.put("nested", Map.of("b", true));
        m.put("nil", null);
        m.put("arr", new long[]{1, 2});
        String text = Json.write(m);
        assertTrue(text.contains("\\u0001"), text);
        assertTrue(text.contains("\"quote\\\"back\\\\slash\""), text);
        assertFalse(text.contains("\n"), "control characters are escaped");
        Map<String, Object> back = Json.parseObject(text);
        assertEquals(m.get("quote\"back\\slash"), back.get("quote\"back\\slash"));
        assertEquals(m.get("nums"), back.get("nums"));
        assertEquals(m.get("nested"), back.get("nested"));
        assertNull(back.get("nil"));
        assertEquals(List.of(1L, 2L), back.get("arr"));
    }

    @Test
    void rejectsNonFiniteNumbersWhenWriting() {
        var e = assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Double.NaN)));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void errorsNameLineAndColumn() {
        var e = assertThrows(Json.JsonException.class, () -> Json.parse("{\n  \"a\": 1,\n  \"b\" 2\n}"));
        assertEquals(3, e.line());
        assertEquals(7, e.column());
        assertTrue(e.getMessage().contains("line 3, column 7"), e.getMessage());
        assertTrue(e.getMessage().contains("':'"), e.getMessage());
    }

    @Test
    void rejectsMalformedInputWithReasons() {
        String[][] bad = {
                {"[1, 2", "end of input"}, {"[1 2]", "expected ',' or ']'"}, {"{\"a\":1,}", "string key"},
                {"01", "leading zero"}, {"1.", "digit after '.'"}, {"-", "digit after '-'"}, {"tru", "'true'"},
                {"\"abc", "unterminated"}, {"\"a\\x\"", "invalid escape"}, {"NaN", "unexpected character 'N'"},
                {"1 2", "after the value"}, {"\"a\nb\"", "control character"}, {"", "end of input"}};
        for (String[] b : bad) {
            var e = assertThrows(Json.JsonException.class, () -> Json.parse(b[0]), b[0]);
            assertTrue(e.getMessage().contains(b[1]), b[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void parsesTheWholeReferenceFileQuickly() throws IOException {
        String text;
        try (InputStream in = JsonTest.class.getResourceAsStream("/reference/torch_cases.jsonl")) {
            assertNotNull(in, "reference file missing from test resources");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(text.length() > 400_000);
        String[] lines = text.split("\n");
        for (String l : lines) Json.parse(l); // warm up
        long t0 = System.nanoTime();
        int cases = 0;
        for (String l : lines) if (Json.parse(l) instanceof Map<?, ?> m && m.containsKey("id")) cases++;
        double ms = (System.nanoTime() - t0) / 1e6;
        assertEquals(115, cases);
        assertTrue(ms < 500, "parsing 450 KB took " + ms + " ms");
        assertTrue(Arrays.stream(lines).allMatch(l -> Json.write(Json.parse(l)).length() > 0));
    }
}
