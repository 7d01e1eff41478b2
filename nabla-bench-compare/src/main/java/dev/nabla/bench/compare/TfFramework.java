package dev.nabla.bench.compare;

import org.tensorflow.EagerSession;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The workloads in TensorFlow 2.18 through TensorFlow Java 1.1. TF Java 1.1 has no Keras layers
 * and no optimizer classes in its core API, so the models are written as graphs of raw ops, trained
 * with {@code tf.gradients} and the fused {@code ApplyMomentum} / {@code ApplyAdam} kernels — what
 * Keras' optimizers run underneath. sgemm runs eagerly ({@code linalg.matMul}). Threads: intra-op
 * 2, inter-op 1 in every session. No LSTM / transformer here: core TF Java has no such layers.
 */
public final class TfFramework implements Framework {
    private final List<AutoCloseable> open = new ArrayList<>();

    static ConfigProto config() {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(2).setInterOpParallelismThreads(1).build();
    }

    @Override public String name() { return "TensorFlow"; }

    @Override public Trial open(Workload w, Setup s) {
        return switch (w) {
            case SGEMM -> sgemm(Workload.SGEMM_N);
            case MLP -> Trials.perEpoch(s.train(), s.quick(), NablaFramework.SEED, classifier(false));
            case CNN -> Trials.imagesPerSecond(s.train(), 10, s.quick() ? 5 : 10, NablaFramework.SEED, classifier(true));
            case TINY_FORWARD -> tiny(false);
            case TINY_TRAIN -> tiny(true);
            case LSTM, TRANSFORMER, STARTUP, MEMORY -> null;
        };
    }

    @Override public float firstCnnLoss(FashionData data) {
        return classifier(true).step(data.new Batches(128, NablaFramework.SEED).next());
    }

    @Override public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try { open.get(i).close(); } catch (Exception e) { throw new IllegalStateException(e); }
        }
        open.clear();
    }

    private Trial sgemm(int n) {
        EagerSession es = EagerSession.options().config(config()).build();
        open.add(es);
        Ops tf = Ops.create(es);
        Random r = new Random(NablaFramework.SEED);
        float[] a = new float[n * n], b = new float[n * n];
        for (int i = 0; i < a.length; i++) { a[i] = (float) r.nextGaussian(); b[i] = (float) r.nextGaussian(); }
        Operand<TFloat32> x = tf.constant(Shape.of(n, n), DataBuffers.of(a, true, false)), y = tf.constant(Shape.of(n, n), DataBuffers.of(b, true, false));
        // asTensor() waits for the result (eager ops may run asynchronously)
        return Trials.timed(3, 5, () -> tf.linalg.matMul(x, y).asTensor(), sec -> 2.0 * n * n * n / sec / 1e9, null);
    }

    /** A graph and a session on it with the 2 / 1 thread config, closed with the framework. */
    private Session session(Graph g) {
        Session s = new Session(g, config());
        open.add(s);
        return s;
    }

    /** A weight initialised like Keras' default, Glorot uniform (±sqrt(6 / (fanIn + fanOut))), from a seeded Java RNG. */
    private static Variable<TFloat32> weight(Ops tf, Random r, int fanIn, int fanOut, long... dims) {
        long n = 1;
        for (long d : dims) n *= d;
        float[] w = new float[(int) n];
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < w.length; i++) w[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        return tf.variable(tf.constant(Shape.of(dims), DataBuffers.of(w, true, false)));
    }

    private static Variable<TFloat32> zeros(Ops tf, long... dims) {
        return tf.variable(tf.zeros(tf.constant(dims), TFloat32.class));
    }

    private static Operand<TFloat32> dense(Ops tf, Operand<TFloat32> x, Variable<TFloat32> w, Variable<TFloat32> b, boolean relu) {
        Operand<TFloat32> y = tf.nn.biasAdd(tf.linalg.matMul(x, w), b);
        return relu ? tf.nn.relu(y) : y;
    }

    private static Operand<TFloat32> convReluPool(Ops tf, Operand<TFloat32> x, Variable<TFloat32> w, Variable<TFloat32> b) {
        Operand<TFloat32> c = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, w, List.of(1L, 1L, 1L, 1L), "SAME"), b)); // 5x5 SAME = pad 2
        return tf.nn.maxPool(c, tf.constant(new int[]{1, 2, 2, 1}), tf.constant(new int[]{1, 2, 2, 1}), "VALID");
    }

    /**
     * The mlp (SGD momentum 0.9, lr 0.05) or the cnn (Adam 1e-3, NHWC: TF's CPU conv needs it) as a
     * graph with one fetch (the loss) and the update ops as targets.
     */
    Trials.Stepper classifier(boolean conv) {
        Graph g = new Graph();
        open.add(g);
        Ops tf = Ops.create(g);
        Random r = new Random(NablaFramework.SEED);
        Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(conv ? Shape.of(-1, 28, 28, 1) : Shape.of(-1, FashionData.PIXELS)));
        Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, FashionData.CLASSES)));
        List<Variable<TFloat32>> vars = new ArrayList<>();
        Operand<TFloat32> h;
        if (conv) {
            var w1 = weight(tf, r, 25, 800, 5, 5, 1, 32); var b1 = zeros(tf, 32);
            var w2 = weight(tf, r, 800, 1600, 5, 5, 32, 64); var b2 = zeros(tf, 64);
            var w3 = weight(tf, r, 3136, 512, 3136, 512); var b3 = zeros(tf, 512);
            var w4 = weight(tf, r, 512, 10, 512, 10); var b4 = zeros(tf, 10);
            vars.addAll(List.of(w1, b1, w2, b2, w3, b3, w4, b4));
            h = convReluPool(tf, convReluPool(tf, x, w1, b1), w2, b2);
            h = tf.reshape(h, tf.constant(new int[]{-1, 3136}));
            h = dense(tf, dense(tf, h, w3, b3, true), w4, b4, false);
        } else {
            var w1 = weight(tf, r, 784, 512, 784, 512); var b1 = zeros(tf, 512);
            var w2 = weight(tf, r, 512, 256, 512, 256); var b2 = zeros(tf, 256);
            var w3 = weight(tf, r, 256, 10, 256, 10); var b3 = zeros(tf, 10);
            vars.addAll(List.of(w1, b1, w2, b2, w3, b3));
            h = dense(tf, dense(tf, dense(tf, x, w1, b1, true), w2, b2, true), w3, b3, false);
        }
        Operand<TFloat32> loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(h, y).loss(), tf.constant(0));
        var grads = tf.gradients(loss, vars);
        // Ref variables are read in place: without this, an update could run before a backward matmul
        // that still reads the old weight (the mlp diverged to NaN by batch ~35 while its gradients
        // alone matched a hand-computed softmax-CE gradient to 1e-7).
        Ops afterGrads = tf.withControlDependencies(gradOps(tf, grads));
        List<Op> targets = conv ? adam(tf, afterGrads, vars, grads) : momentum(tf, afterGrads, vars, grads, 0.05f, 0.9f);
        Session s = session(g);
        s.initialize();
        return b -> {
            float[] onehot = new float[b.n() * FashionData.CLASSES];
            for (int i = 0; i < b.n(); i++) onehot[i * FashionData.CLASSES + b.labels()[i]] = 1;
            Shape xs = conv ? Shape.of(b.n(), 28, 28, 1) : Shape.of(b.n(), FashionData.PIXELS);
            try (TFloat32 xt = TFloat32.tensorOf(xs, DataBuffers.of(b.images(), true, false));
                 TFloat32 yt = TFloat32.tensorOf(Shape.of(b.n(), FashionData.CLASSES), DataBuffers.of(onehot, true, false))) {
                Session.Runner run = s.runner().feed(x, xt).feed(y, yt).fetch(loss);
                for (Op t : targets) run.addTarget(t);
                try (Result res = run.run()) { return ((TFloat32) res.get(0)).getFloat(); }
            }
        };
    }

    /** An op per gradient (its identity), to hang control dependencies on "all gradients computed". */
    private static List<Op> gradOps(Ops tf, org.tensorflow.op.core.Gradients grads) {
        List<Op> ops = new ArrayList<>();
        for (var dy : grads.dy()) ops.add(tf.identity(dy));
        return ops;
    }

    /** PyTorch's SGD momentum is TF's ApplyMomentum: accum = mu·accum + g; var -= lr·accum. */
    private static List<Op> momentum(Ops tf, Ops after, List<Variable<TFloat32>> vars, org.tensorflow.op.core.Gradients grads, float lr, float mu) {
        List<Op> ups = new ArrayList<>();
        Operand<TFloat32> lrT = tf.constant(lr), muT = tf.constant(mu);
        for (int i = 0; i < vars.size(); i++) {
            Variable<TFloat32> v = vars.get(i);
            var accum = tf.variable(tf.zerosLike(v));
            ups.add(after.train.applyMomentum(v, accum, lrT, grads.dy(i), muT));
        }
        return ups;
    }

    /** ApplyAdam per variable; the beta powers advance after all updates ran (control dependencies). */
    private static List<Op> adam(Ops tf, Ops after, List<Variable<TFloat32>> vars, org.tensorflow.op.core.Gradients grads) {
        float b1 = 0.9f, b2 = 0.999f;
        var b1Pow = tf.variable(tf.constant(b1)); var b2Pow = tf.variable(tf.constant(b2));
        Operand<TFloat32> lr = tf.constant(1e-3f), b1T = tf.constant(b1), b2T = tf.constant(b2), eps = tf.constant(1e-8f);
        List<Op> ups = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            Variable<TFloat32> v = vars.get(i);
            var m = tf.variable(tf.zerosLike(v)); var s = tf.variable(tf.zerosLike(v));
            ups.add(after.train.applyAdam(v, m, s, b1Pow, b2Pow, lr, b1T, b2T, eps, grads.dy(i)));
        }
        Ops afterUpdates = tf.withControlDependencies(ups);
        return List.of(afterUpdates.assign(b1Pow, tf.math.mul(b1Pow, b1T)), afterUpdates.assign(b2Pow, tf.math.mul(b2Pow, b2T)));
    }

    private Trial tiny(boolean train) {
        Graph g = new Graph();
        open.add(g);
        Ops tf = Ops.create(g);
        Random r = new Random(NablaFramework.SEED);
        Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 4)));
        Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 1)));
        var w1 = weight(tf, r, 4, 16, 4, 16); var b1 = zeros(tf, 16);
        var w2 = weight(tf, r, 16, 16, 16, 16); var b2 = zeros(tf, 16);
        var w3 = weight(tf, r, 16, 1, 16, 1); var b3 = zeros(tf, 1);
        Operand<TFloat32> h = tf.math.tanh(dense(tf, x, w1, b1, false));
        h = tf.math.tanh(dense(tf, h, w2, b2, false));
        Operand<TFloat32> out = dense(tf, h, w3, b3, false);
        List<Op> ups = new ArrayList<>();
        Operand<TFloat32> loss = tf.math.mean(tf.math.square(tf.math.sub(out, y)), tf.constant(new int[]{0, 1}));
        if (train) {
            List<Variable<TFloat32>> vars = List.of(w1, b1, w2, b2, w3, b3);
            var grads = tf.gradients(loss, vars);
            Operand<TFloat32> lr = tf.constant(0.01f);
            Ops after = tf.withControlDependencies(gradOps(tf, grads)); // see classifier()
            for (int i = 0; i < vars.size(); i++) ups.add(after.train.applyGradientDescent(vars.get(i), lr, grads.dy(i)));
        }
        Session s = session(g);
        s.initialize();
        TFloat32 xt = TFloat32.tensorOf(Shape.of(1, 4), DataBuffers.of(new float[]{0.1f, -0.2f, 0.3f, 0.4f}, true, false));
        TFloat32 yt = TFloat32.tensorOf(Shape.of(1, 1), DataBuffers.of(new float[]{0.5f}, true, false));
        open.add(xt);
        open.add(yt);
        Runnable call = train ? () -> {
            Session.Runner run = s.runner().feed(x, xt).feed(y, yt);
            for (Op u : ups) run.addTarget(u);
            run.run().close();
        } : () -> { try (Result res = s.runner().feed(x, xt).fetch(out).run()) { res.get(0); } };
        return Trials.microsPerCall(10_000, 2_000, call, null);
    }
}
