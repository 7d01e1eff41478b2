package dev.nabla.data.io;

import dev.nabla.data.DataFileException;
import dev.nabla.data.Dataset;
import dev.nabla.data.Example;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class TextCorpusTest {
    @Test void charAndWordVocabularies() {
        Vocabulary c = Vocabulary.chars("hello é");
        assertEquals(6, c.size());
        assertEquals("olé", c.decode(c.encode("olé")));
        assertThrows(IllegalArgumentException.class, () -> c.encode("z"));
        Vocabulary w = Vocabulary.words("the cat the dog the end", 2);
        assertEquals(java.util.List.of(Vocabulary.UNK, "the"), w.tokens());
        assertArrayEquals(new int[]{1, 0}, w.encode("the bird"));
        assertEquals("<unk> the", w.decode(new int[]{0, 1}));
    }

    @Test void windowsPredictTheNextToken() {
        Dataset<Example> d = TextCorpus.windows(new int[]{0, 1, 2, 3, 4, 5, 6}, 3, 2);
        assertEquals(2, d.size());
        assertArrayEquals(new long[]{2, 3, 4}, d.get(1).input().toLongArray());
        assertArrayEquals(new long[]{3, 4, 5}, d.get(1).target().toLongArray());
        assertThrows(IllegalArgumentException.class, () -> TextCorpus.windows(new int[]{1, 2}, 2, 1));
    }

    @Test void invalidUtf8GivesByteOffset(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("ok.txt"), bad = dir.resolve("bad.txt");
        Files.writeString(ok, "añb");
        assertEquals("añb", TextCorpus.read(ok));
        Files.write(bad, new byte[]{'a', 'b', 'c', (byte) 0xFF, 'd'});
        DataFileException e = assertThrows(DataFileException.class, () -> TextCorpus.read(bad));
        assertTrue(e.getMessage().contains("bad.txt: byte 3") && e.getMessage().contains("UTF-8"), e.getMessage());
    }
}
