package dev.nabla.cli;

import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Tensor;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the optimizer a config names: {@code {type: Adam, lr: 0.001, ...}} becomes
 * {@code new dev.nabla.optim.Adam(params, {lr: 0.001, ...})}. Every Nabla optimizer has that
 * (params, options) constructor, so new ones work without being listed; a fully qualified class
 * name selects one from elsewhere.
 */
final class Optimizers {
    private Optimizers() {}

    static Optimizer create(Map<String, Object> cfg, List<Tensor> params) {
        String type = RunConfig.str(cfg, "type", "Adam");
        String cls = type.contains(".") ? type : "dev.nabla.optim." + canonical(type);
        Map<String, Double> options = new LinkedHashMap<>();
        for (var e : cfg.entrySet()) {
            if (e.getKey().equals("type")) continue;
            if (!(e.getValue() instanceof Number n))
                throw new IllegalArgumentException("optimizer option '" + e.getKey() + "' must be a number, got " + e.getValue());
            options.put(e.getKey(), n.doubleValue());
        }
        try {
            Class<?> c = Class.forName(cls);
            if (!Optimizer.class.isAssignableFrom(c)) throw new IllegalArgumentException("optimizer '" + type + "' (" + cls + ") is not an Optimizer");
            return (Optimizer) c.getConstructor(List.class, Map.class).newInstance(params, options);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown optimizer '" + type + "' (no class " + cls + "; try SGD, Adam, AdamW, RMSprop)");
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("optimizer " + cls + " has no (List<Tensor>, Map<String, Double>) constructor");
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create optimizer " + cls + ": " + e, e);
        }
    }

    /** Accepts lower-case names (sgd, adam, adamw, rmsprop). */
    private static String canonical(String t) {
        return switch (t.toLowerCase()) {
            case "sgd" -> "SGD";
            case "adam" -> "Adam";
            case "adamw" -> "AdamW";
            case "rmsprop" -> "RMSprop";
            case "adagrad" -> "Adagrad";
            case "adadelta" -> "Adadelta";
            case "adamax" -> "Adamax";
            case "nadam" -> "NAdam";
            case "lion" -> "Lion";
            default -> t;
        };
    }
}
