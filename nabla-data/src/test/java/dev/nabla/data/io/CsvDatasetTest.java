package dev.nabla.data.io;

import dev.nabla.data.DataFileException;
import dev.nabla.data.Example;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CsvDatasetTest {
    @TempDir Path dir;

    Path csv(String text) throws Exception {
        Path p = dir.resolve("t.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test void numericCategoricalAndLabel() throws Exception {
        Path p = csv("size,color,species,weight\n1.5,red,cat,4\n2,\"blue\",dog,10\n\n0.5,red,\"cat\",3\n");
        CsvDataset d = CsvDataset.load(p, CsvOptions.classification("species").withCategorical("color"));
        assertEquals(3, d.size());
        assertEquals(List.of("size", "color=blue", "color=red", "weight"), d.featureNames());
        assertEquals(List.of("cat", "dog"), d.classes());
        Example e = d.get(1);
        assertArrayEquals(new float[]{2, 1, 0, 10}, e.input().toFloatArray());
        assertEquals(1, e.label());
        assertEquals(0, d.get(2).label());
        CsvDataset r = CsvDataset.load(p, CsvOptions.regression("weight").withCategorical("color", "species"));
        assertEquals(10f, r.get(1).target().item(), 0);
        CsvDataset bom = CsvDataset.load(csv("\uFEFFx,y\n1,a\n"), CsvOptions.classification("y"));
        assertEquals(List.of("x"), bom.featureNames());
        CsvDataset byIndex = CsvDataset.load(csv("1,2,0\n3,4,1\n"), CsvOptions.classification("2").withoutHeader());
        assertArrayEquals(new float[]{3, 4}, byIndex.get(1).input().toFloatArray());
    }

    @Test void raggedRowNamesLine() throws Exception {
        DataFileException e = assertThrows(DataFileException.class,
                () -> CsvDataset.load(csv("a,b,y\n1,2,0\n3,0\n"), CsvOptions.classification("y")));
        assertTrue(e.getMessage().contains("t.csv: line 3: has 2 fields but 3 were expected"), e.getMessage());
    }

    @Test void nonNumberNamesLineAndColumn() throws Exception {
        DataFileException e = assertThrows(DataFileException.class,
                () -> CsvDataset.load(csv("a,b,y\n1,2,0\n3,x7,1\n"), CsvOptions.classification("y")));
        assertTrue(e.getMessage().contains("line 3, column 'b'") && e.getMessage().contains("'x7' is not a number"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> CsvDataset.load(csv("a,y\n,0\n"), CsvOptions.classification("y")));
        assertTrue(e.getMessage().contains("line 2, column 'a'") && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test void missingColumnAndBadQuotes() throws Exception {
        DataFileException e = assertThrows(DataFileException.class, () -> CsvDataset.load(csv("a,b\n1,2\n"), CsvOptions.classification("label")));
        assertTrue(e.getMessage().contains("no column 'label'") && e.getMessage().contains("[a, b]"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> CsvDataset.load(csv("a,y\n\"1,0\n"), CsvOptions.classification("y")));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("unterminated"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> CsvDataset.load(csv("a,y\n"), CsvOptions.classification("y")));
        assertTrue(e.getMessage().contains("no data rows"), e.getMessage());
        Files.write(dir.resolve("bin.csv"), new byte[]{'a', ',', 'y', '\n', (byte) 0xC3, 0x28, ',', '1', '\n'});
        e = assertThrows(DataFileException.class, () -> CsvDataset.load(dir.resolve("bin.csv"), CsvOptions.classification("y")));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }
}
