package dev.nabla.data.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A token ↔ id mapping for language models. Character vocabularies cover every code point seen;
 * word vocabularies split on whitespace, keep words seen at least {@code minCount} times, and map the
 * rest to {@code <unk>} (id 0). Ids are assigned in sorted token order, so the same text gives the same ids.
 *
 * <pre>{@code
 * Vocabulary v = Vocabulary.chars(text);
 * int[] ids = v.encode("hello");  String back = v.decode(ids);
 * }</pre>
 */
public final class Vocabulary {
    public static final String UNK = "<unk>";

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final boolean words;

    private Vocabulary(List<String> tokens, boolean words) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>();
        for (int k = 0; k < tokens.size(); k++) ids.put(tokens.get(k), k);
        this.words = words;
    }

    /** One token per distinct code point of {@code text}. */
    public static Vocabulary chars(String text) {
        TreeMap<String, Integer> seen = new TreeMap<>();
        text.codePoints().forEach(cp -> seen.put(Character.toString(cp), 0));
        return new Vocabulary(new ArrayList<>(seen.keySet()), false);
    }

    /** {@code <unk>} plus the whitespace-separated words occurring at least {@code minCount} times. */
    public static Vocabulary words(String text, int minCount) {
        if (minCount < 1) throw new IllegalArgumentException("Vocabulary.words: minCount must be >= 1, got " + minCount);
        Map<String, Integer> counts = new TreeMap<>();
        for (String w : split(text)) counts.merge(w, 1, Integer::sum);
        List<String> tokens = new ArrayList<>();
        tokens.add(UNK);
        counts.forEach((w, c) -> { if (c >= minCount && !w.equals(UNK)) tokens.add(w); });
        return new Vocabulary(tokens, true);
    }

    private static List<String> split(String text) {
        String t = text.strip();
        return t.isEmpty() ? Collections.emptyList() : List.of(t.split("\\s+"));
    }

    public int size() { return tokens.size(); }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) throw new IndexOutOfBoundsException("Vocabulary: id " + id + " is outside [0, " + tokens.size() + ")");
        return tokens.get(id);
    }

    /** The id of a token; unknown words map to {@code <unk>}, unknown characters are an error naming them. */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id != null) return id;
        if (words) return 0;
        throw new IllegalArgumentException("Vocabulary: character '" + token + "' (U+" + Integer.toHexString(token.codePointAt(0)).toUpperCase()
                + ") is not in this character vocabulary of " + tokens.size());
    }

    public int[] encode(String text) {
        if (words) return split(text).stream().mapToInt(this::id).toArray();
        return text.codePoints().map(cp -> id(Character.toString(cp))).toArray();
    }

    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < ids.length; k++) {
            if (words && k > 0) sb.append(' ');
            sb.append(token(ids[k]));
        }
        return sb.toString();
    }

    public List<String> tokens() { return tokens; }
}
