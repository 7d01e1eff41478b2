package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each optimizer against a double-precision reference of its formula written here, over 3 steps,
 * for a small parameter (vector tails) and, for the fused ones, a large one (threads).
 */
class OptimizersTest {
    private static final Random RNG = new Random(7);

    /** One step of the reference at step number t (from 1), updating p and its own state. */
    interface Ref { void step(double[] p, double[] g, int t); }

    static float[] randn(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) RNG.nextGaussian();
        return a;
    }

    static void compare(String what, int n, Function<List<Tensor>, Optimizer> make, Function<Integer, Ref> ref) {
        float[] p0 = randn(n);
        Tensor p = Tensor.of(p0, n);
        Optimizer opt = make.apply(List.of(p));
        double[] pd = new double[n];
        for (int i = 0; i < n; i++) pd[i] = p0[i];
        Ref r = ref.apply(n);
        for (int t = 1; t <= 3; t++) {
            float[] g = randn(n);
            double[] gd = new double[n];
            for (int i = 0; i < n; i++) gd[i] = g[i];
            p.setGrad(Tensor.of(g, n));
            opt.step();
            r.step(pd, gd, t);
            float[] actual = p.toFloatArray();
            double worst = 0;
            int at = 0;
            for (int i = 0; i < n; i++) {
                double err = Math.abs(actual[i] - pd[i]) / (1e-6 + 1e-5 * Math.abs(pd[i]));
                if (err > worst) { worst = err; at = i; }
            }
            assertTrue(worst <= 1, what + ": step " + t + " deviates from the reference by " + worst + " x tolerance at element "
                    + at + ": " + actual[at] + " vs " + pd[at] + " (gradient " + g[at] + ")");
            assertNotEquals(p0[0], actual[0], what + ": the parameter must move");
        }
    }

    static Map<String, Double> o(Object... kv) {
        var m = new java.util.LinkedHashMap<String, Double>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        return m;
    }

    static Ref sgdRef(int n, double lr, double mu, double damp, double wd, boolean nesterov) {
        double[] buf = new double[n];
        return (p, g, t) -> {
            for (int i = 0; i < n; i++) {
                double gi = g[i] + wd * p[i], d = gi;
                if (mu != 0) {
                    buf[i] = t == 1 ? gi : mu * buf[i] + (1 - damp) * gi;
                    d = nesterov ? gi + mu * buf[i] : buf[i];
                }
                p[i] -= lr * d;
            }
        };
    }

    static Ref adamRef(int n, double lr, double b1, double b2, double eps, double wd, boolean amsgrad, boolean decoupled) {
        double[] m = new double[n], v = new double[n], vmax = new double[n];
        return (p, g, t) -> {
            for (int i = 0; i < n; i++) {
                if (decoupled) p[i] *= 1 - lr * wd;
                double gi = decoupled ? g[i] : g[i] + wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                vmax[i] = Math.max(vmax[i], v[i]);
                double vv = amsgrad ? vmax[i] : v[i];
                p[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / (Math.sqrt(vv) / Math.sqrt(1 - Math.pow(b2, t)) + eps);
            }
        };
    }

    @Test
    void sgdVariants() {
        for (int n : new int[]{37, 100_003}) {
            compare("plain", n, ps -> new SGD(ps, 0.1), k -> sgdRef(k, 0.1, 0, 0, 0, false));
            compare("momentum+dampening+wd", n, ps -> new SGD(ps, o("lr", 0.05, "momentum", 0.9, "dampening", 0.3, "weight_decay", 0.01)),
                    k -> sgdRef(k, 0.05, 0.9, 0.3, 0.01, false));
            compare("nesterov", n, ps -> new SGD(ps, o("lr", 0.05, "momentum", 0.8, "nesterov", 1, "weight_decay", 0.1)),
                    k -> sgdRef(k, 0.05, 0.8, 0, 0.1, true));
        }
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(Tensor.zeros(2)), o("lr", 0.1, "nesterov", 1)));
    }

    @Test
    void adamAndAdamWVariants() {
        for (int n : new int[]{37, 100_003}) {
            compare("adam", n, ps -> new Adam(ps, o("lr", 0.01, "beta1", 0.8, "beta2", 0.99, "eps", 1e-6, "weight_decay", 0.1)),
                    k -> adamRef(k, 0.01, 0.8, 0.99, 1e-6, 0.1, false, false));
            compare("adam amsgrad", n, ps -> new Adam(ps, o("lr", 0.1, "amsgrad", 1)), k -> adamRef(k, 0.1, 0.9, 0.999, 1e-8, 0, true, false));
            compare("adamw", n, ps -> new AdamW(ps, o("lr", 0.01, "weight_decay", 0.5)), k -> adamRef(k, 0.01, 0.9, 0.999, 1e-8, 0.5, false, true));
            compare("adamw amsgrad", n, ps -> new AdamW(ps, o("lr", 0.01, "amsgrad", 1)), k -> adamRef(k, 0.01, 0.9, 0.999, 1e-8, 0.01, true, true));
        }
    }

    @Test
    void rmspropVariants() {
        for (boolean centered : new boolean[]{false, true})
            for (double mu : new double[]{0, 0.9}) {
                double lr = 0.01, alpha = 0.9, eps = 1e-8, wd = 0.05;
                compare("rmsprop c=" + centered + " mu=" + mu, 37,
                        ps -> new RMSprop(ps, o("lr", lr, "alpha", alpha, "momentum", mu, "centered", centered ? 1 : 0, "weight_decay", wd)),
                        n -> {
                            double[] sq = new double[n], ga = new double[n], buf = new double[n];
                            return (p, g, t) -> {
                                for (int i = 0; i < n; i++) {
                                    double gi = g[i] + wd * p[i];
                                    sq[i] = alpha * sq[i] + (1 - alpha) * gi * gi;
                                    ga[i] = alpha * ga[i] + (1 - alpha) * gi;
                                    double avg = Math.sqrt(centered ? sq[i] - ga[i] * ga[i] : sq[i]) + eps;
                                    buf[i] = mu * buf[i] + gi / avg;
                                    p[i] -= lr * (mu > 0 ? buf[i] : gi / avg);
                                }
                            };
                        });
            }
    }

    @Test
    void adagradAdadeltaAdamax() {
        compare("adagrad", 37, ps -> new Adagrad(ps, o("lr", 0.1, "lr_decay", 0.01, "weight_decay", 0.1, "initial_accumulator_value", 0.2)), n -> {
            double[] sum = new double[n];
            java.util.Arrays.fill(sum, 0.2);
            return (p, g, t) -> {
                for (int i = 0; i < n; i++) {
                    double gi = g[i] + 0.1 * p[i];
                    sum[i] += gi * gi;
                    p[i] -= 0.1 / (1 + (t - 1) * 0.01) * gi / (Math.sqrt(sum[i]) + 1e-10);
                }
            };
        });
        compare("adadelta", 37, ps -> new Adadelta(ps, o("lr", 0.5, "rho", 0.8, "weight_decay", 0.1)), n -> {
            double[] sq = new double[n], acc = new double[n];
            return (p, g, t) -> {
                for (int i = 0; i < n; i++) {
                    double gi = g[i] + 0.1 * p[i];
                    sq[i] = 0.8 * sq[i] + 0.2 * gi * gi;
                    double delta = Math.sqrt(acc[i] + 1e-6) / Math.sqrt(sq[i] + 1e-6) * gi;
                    acc[i] = 0.8 * acc[i] + 0.2 * delta * delta;
                    p[i] -= 0.5 * delta;
                }
            };
        });
        compare("adamax", 37, ps -> new Adamax(ps, o("lr", 0.01, "weight_decay", 0.1)), n -> {
            double[] m = new double[n], u = new double[n];
            return (p, g, t) -> {
                for (int i = 0; i < n; i++) {
                    double gi = g[i] + 0.1 * p[i];
                    m[i] = 0.9 * m[i] + 0.1 * gi;
                    u[i] = Math.max(0.999 * u[i], Math.abs(gi) + 1e-8);
                    p[i] -= 0.01 / (1 - Math.pow(0.9, t)) * m[i] / u[i];
                }
            };
        });
    }

    @Test
    void nadamAndLion() {
        compare("nadam", 37, ps -> new NAdam(ps, o("lr", 0.01, "weight_decay", 0.05)), n -> {
            double[] m = new double[n], v = new double[n], prod = {1};
            return (p, g, t) -> {
                double mu = 0.9 * (1 - 0.5 * Math.pow(0.96, t * 0.004)), muNext = 0.9 * (1 - 0.5 * Math.pow(0.96, (t + 1) * 0.004));
                prod[0] *= mu;
                for (int i = 0; i < n; i++) {
                    double gi = g[i] + 0.05 * p[i];
                    m[i] = 0.9 * m[i] + 0.1 * gi;
                    v[i] = 0.999 * v[i] + 0.001 * gi * gi;
                    double denom = Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-8;
                    p[i] -= 0.01 * (1 - mu) / (1 - prod[0]) * gi / denom + 0.01 * muNext / (1 - prod[0] * muNext) * m[i] / denom;
                }
            };
        });
        for (int size : new int[]{37, 100_003})
            compare("lion", size, ps -> new Lion(ps, o("lr", 0.01, "weight_decay", 0.1)), n -> {
                double[] m = new double[n];
                return (p, g, t) -> {
                    for (int i = 0; i < n; i++) {
                        p[i] *= 1 - 0.01 * 0.1;
                        p[i] -= 0.01 * Math.signum(0.9 * m[i] + 0.1 * g[i]);
                        m[i] = 0.99 * m[i] + 0.01 * g[i];
                    }
                };
            });
    }

    @Test
    void paramGroupsUseTheirOwnHyperparameters() {
        Tensor a = Tensor.of(randn(5), 5), b = Tensor.of(randn(5), 5);
        float[] a0 = a.toFloatArray(), b0 = b.toFloatArray();
        SGD opt = new SGD(List.of(a), 0.1);
        opt.addParamGroup(List.of(b), o("lr", 0.01));
        a.setGrad(Tensor.ones(5));
        b.setGrad(Tensor.ones(5));
        opt.step();
        assertEquals(a0[2] - 0.1, a.get(2), 1e-6);
        assertEquals(b0[2] - 0.01, b.get(2), 1e-6);
        opt.zeroGrad();
        assertNull(a.grad());
        opt.step();
        assertEquals(a0[2] - 0.1, a.get(2), 1e-6, "parameters without a gradient are skipped");
    }

    @Test
    void unknownOptionsAndBadParametersAreRejectedWithTheirNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(Tensor.zeros(2)), o("lr", 0.1, "beta_1", 0.9)));
        assertTrue(e.getMessage().contains("Adam: unknown option 'beta_1'"), e.getMessage());
        Tensor view = Tensor.zeros(4, 4).t();
        view.setGrad(Tensor.zeros(4, 4));
        var v = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(view), 0.1).step());
        assertTrue(v.getMessage().contains("not contiguous"), v.getMessage());
    }

    @Test
    void maxNormOptionRescalesRowsAfterTheStep() {
        Tensor w = Tensor.of(new float[]{3, 4, 0.3f, 0.4f}, 2, 2);
        SGD opt = new SGD(List.of(w), o("lr", 0.0, "max_norm", 1.0));
        w.setGrad(Tensor.zeros(2, 2));
        opt.step();
        assertArrayEquals(new float[]{0.6f, 0.8f, 0.3f, 0.4f}, w.toFloatArray(), 1e-5f);
    }
}
