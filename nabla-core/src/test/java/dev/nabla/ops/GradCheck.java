package dev.nabla.ops;

import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Gradients against float64 central finite differences: for {@code L = sum(f(x) * R)} with a fixed
 * random R, autograd's dL/dx must match {@code (L(x + h e_i) - L(x - h e_i)) / 2h} for every element.
 */
final class GradCheck {
    private GradCheck() {}

    static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int k = 0; k < xs.length; k++) xs[k] = inputs[k].toDouble().contiguousCopy().requiresGrad(true);
        Tensor out = f.apply(xs);
        Tensor r = new Generator(99).normal(0, 1, out.shape()).toDouble();
        out.mul(r).sum().backward();
        double h = 1e-6;
        for (int k = 0; k < xs.length; k++) {
            assertNotNull(xs[k].grad(), what + ": no gradient for input " + k);
            double[] analytic = xs[k].grad().toDoubleArray();
            double[] data = xs[k].storage().doubles();
            for (int i = 0; i < data.length; i++) {
                double keep = data[i];
                double plus, minus;
                try (var g = GradMode.noGrad()) {
                    data[i] = keep + h;
                    plus = f.apply(xs).toDouble().mul(r).sum().item();
                    data[i] = keep - h;
                    minus = f.apply(xs).toDouble().mul(r).sum().item();
                }
                data[i] = keep;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, analytic[i], 1e-5 + 1e-4 * Math.abs(numeric),
                        what + ": d/d input" + k + "[" + i + "]");
            }
        }
    }
}
