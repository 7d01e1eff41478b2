package dev.nabla.nn;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every concrete {@link Module} in {@code dev.nabla.nn.layers} (found by scanning the compiled
 * classes) must have a {@link LayerContract} case in some {@code *LayerContractTest} class's static
 * {@code cases()} list, so a new layer cannot go untested. See {@link LayerContract} for how to add one.
 */
class LayerCoverageTest {
    static Path classesRoot(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static List<String> classNames(Path root, String pkgDir, boolean recursive) throws IOException {
        Path dir = root.resolve(pkgDir);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
            return files.map(p -> root.relativize(p).toString())
                    .filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .map(f -> f.substring(0, f.length() - 6).replace('/', '.').replace('\\', '.')).sorted().toList();
        }
    }

    @Test void everyLayerHasAContractCase() throws Exception {
        List<Class<?>> layers = new ArrayList<>();
        for (String name : classNames(classesRoot(Module.class), "dev/nabla/nn/layers", false)) {
            Class<?> c = Class.forName(name);
            if (Module.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()) && Modifier.isPublic(c.getModifiers())) layers.add(c);
        }
        assertTrue(layers.size() >= 30, "expected the layers package to hold at least 30 concrete layers, found " + layers);
        Set<Class<?>> covered = new HashSet<>();
        List<String> sources = new ArrayList<>();
        for (String name : classNames(classesRoot(LayerContract.class), "dev/nabla/nn", true)) {
            if (!name.endsWith("LayerContractTest")) continue;
            Method m;
            try {
                m = Class.forName(name).getDeclaredMethod("cases");
            } catch (NoSuchMethodException e) {
                throw new AssertionError(name + " must declare static List<LayerContract.Case> cases() so its layers count as covered"
                        + " (see LayerContract's javadoc)");
            }
            m.setAccessible(true);
            for (Object o : (List<?>) m.invoke(null)) covered.add(((LayerContract.Case) o).layerClass());
            sources.add(name);
        }
        assertTrue(sources.contains("dev.nabla.nn.LayerContractTest"), "LayerContractTest not found among " + sources);
        List<String> missing = layers.stream().filter(c -> !covered.contains(c)).map(Class::getSimpleName).toList();
        assertTrue(missing.isEmpty(), "layers without a LayerContract case (add one to a *LayerContractTest.cases()): " + missing);
    }
}
