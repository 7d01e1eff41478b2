package dev.nabla.bench.compare;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.transformer.TransformerEncoderBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The workloads in PyTorch 2.7 through DJL 0.36, the way DJL's documentation trains: blocks in a
 * {@link SequentialBlock}, a {@link Trainer} with {@link GradientCollector}, DJL's own losses and
 * optimizers. Every batch's arrays live in a sub-manager closed after the step, as DJL asks.
 * Threads: {@code ai.djl.pytorch.num_threads} = 2, inter-op 1 (set by {@link Compare} before the
 * engine loads).
 */
public final class DjlFramework implements Framework {
    private final List<AutoCloseable> open = new ArrayList<>();

    static {
        threads();
    }

    /**
     * Two intra-op threads, one inter-op, and no downloads, unless the caller chose otherwise. Also
     * OMP_WAIT_POLICY=PASSIVE unless set: libtorch's OpenMP threads otherwise spin at every barrier,
     * and on this shared 2-core machine (load 7-9 from other builds) that made the mlp ~20x slower
     * (140 vs 6.6 s/epoch measured back to back). Set in the C environment before libgomp loads.
     */
    static void threads() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", "2");
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
        if (System.getenv("OMP_WAIT_POLICY") == null) setenv("OMP_WAIT_POLICY", "PASSIVE");
    }

    /** C {@code setenv(name, value, 0)} through the FFM API: native libraries loaded later read it. */
    static void setenv(String name, String value) {
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) setenv.invokeExact(a.allocateFrom(name), a.allocateFrom(value), 0);
            if (rc != 0) throw new IllegalStateException("compare: setenv(" + name + ") returned " + rc);
        } catch (Throwable t) {
            throw new IllegalStateException("compare: could not set " + name + " for the PyTorch engine", t);
        }
    }

    @Override public String name() { return "PyTorch"; }

    @Override public Trial open(Workload w, Setup s) {
        return switch (w) {
            case SGEMM -> sgemm(Workload.SGEMM_N);
            case MLP -> Trials.perEpoch(s.train(), s.quick(), NablaFramework.SEED, stepper(mlp(), sgd(0.05f, 0.9f), new Shape(128, FashionData.PIXELS)));
            case CNN -> Trials.imagesPerSecond(s.train(), 10, s.quick() ? 5 : 10, NablaFramework.SEED, stepper(cnn(), adam(), new Shape(128, 1, 28, 28)));
            case TINY_FORWARD -> tiny(false);
            case TINY_TRAIN -> tiny(true);
            case LSTM -> lstm();
            case TRANSFORMER -> transformer();
            case STARTUP, MEMORY -> null;
        };
    }

    @Override public float firstCnnLoss(FashionData data) {
        return stepper(cnn(), adam(), new Shape(128, 1, 28, 28)).step(data.new Batches(128, NablaFramework.SEED).next());
    }

    @Override public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try { open.get(i).close(); } catch (Exception e) { throw new IllegalStateException(e); }
        }
        open.clear();
    }

    static Block mlp() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(512).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(256).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    static Block cnn() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).setFilters(32).build())
                .add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).setFilters(64).build())
                .add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(512).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    static Optimizer sgd(float lr, float momentum) {
        return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).optMomentum(momentum).build();
    }

    static Optimizer adam() { return Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(); }

    private Trainer trainer(String name, Block block, Loss loss, Optimizer opt, Shape inputShape) {
        Model model = Model.newInstance(name, "PyTorch");
        open.add(model);
        model.setBlock(block);
        Trainer t = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(opt));
        open.add(t);
        t.initialize(inputShape);
        return t;
    }

    /** A classifier step: softmax cross-entropy on class-index labels, backward, optimizer step. */
    private Trials.Stepper stepper(Block block, Optimizer opt, Shape inputShape) {
        Trainer t = trainer("classifier", block, Loss.softmaxCrossEntropyLoss(), opt, inputShape);
        long[] dims = inputShape.getShape();
        return b -> {
            try (NDManager m = t.getManager().newSubManager()) {
                dims[0] = b.n();
                NDArray x = m.create(b.images(), new Shape(dims));
                float[] y = new float[b.n()];
                for (int i = 0; i < y.length; i++) y[i] = b.labels()[i];
                float loss;
                try (GradientCollector gc = t.newGradientCollector()) {
                    NDArray pred = t.forward(new NDList(x)).singletonOrThrow();
                    NDArray l = t.getLoss().evaluate(new NDList(m.create(y)), new NDList(pred));
                    gc.backward(l);
                    loss = l.getFloat();
                }
                t.step();
                return loss;
            }
        };
    }

    private Trial sgemm(int n) {
        NDManager m = NDManager.newBaseManager("PyTorch");
        open.add(m);
        Random r = new Random(NablaFramework.SEED);
        float[] a = new float[n * n], b = new float[n * n];
        for (int i = 0; i < a.length; i++) { a[i] = (float) r.nextGaussian(); b[i] = (float) r.nextGaussian(); }
        NDArray x = m.create(a, new Shape(n, n)), y = m.create(b, new Shape(n, n));
        return Trials.timed(3, 5, () -> { try (NDArray c = x.matMul(y)) { c.getShape(); } }, sec -> 2.0 * n * n * n / sec / 1e9, null);
    }

    private Trial tiny(boolean train) {
        Block net = new SequentialBlock()
                .add(Linear.builder().setUnits(16).build()).add(Activation.tanhBlock())
                .add(Linear.builder().setUnits(16).build()).add(Activation.tanhBlock())
                .add(Linear.builder().setUnits(1).build());
        Trainer t = trainer("tiny", net, Loss.l2Loss(), sgd(0.01f, 0f), new Shape(1, 4));
        NDArray x = t.getManager().create(new float[]{0.1f, -0.2f, 0.3f, 0.4f}, new Shape(1, 4));
        NDArray y = t.getManager().create(new float[]{0.5f}, new Shape(1, 1));
        Runnable call = train ? () -> {
            try (NDManager m = t.getManager().newSubManager()) { // the step's temporaries die with m
                x.tempAttach(m);
                y.tempAttach(m);
                try (GradientCollector gc = t.newGradientCollector()) {
                    NDArray pred = t.forward(new NDList(x)).singletonOrThrow();
                    gc.backward(t.getLoss().evaluate(new NDList(y), new NDList(pred)));
                }
                t.step();
            }
        } : () -> {
            try (NDManager m = t.getManager().newSubManager()) {
                x.tempAttach(m);
                t.evaluate(new NDList(x)).singletonOrThrow().getShape();
            }
        };
        return Trials.microsPerCall(10_000, 2_000, call, null);
    }

    /** Backward of sum(out * cot) gives out the gradient cot, as Nabla's {@code backward(cot)} does. */
    private static Loss dot() {
        return new Loss("dot") {
            @Override public NDArray evaluate(NDList cot, NDList out) { return out.singletonOrThrow().mul(cot.singletonOrThrow()).sum(); }
        };
    }

    private Trial lstm() {
        int t = NablaFramework.LSTM_SEQ, b = NablaFramework.LSTM_BATCH;
        Block lstm = LSTM.builder().setStateSize(NablaFramework.LSTM_HIDDEN).setNumLayers(1).optReturnState(false).build();
        Trainer tr = trainer("lstm", lstm, dot(), adam(), new Shape(t, b, NablaFramework.LSTM_IN));
        NDManager m0 = tr.getManager();
        NDArray x = m0.randomNormal(new Shape(t, b, NablaFramework.LSTM_IN)), cot = m0.randomNormal(new Shape(t, b, NablaFramework.LSTM_HIDDEN));
        return Trials.timed(3, 3, () -> regressionStep(tr, x, cot, true), sec -> b / sec, null);
    }

    private Trial transformer() {
        int b = NablaFramework.TF_BATCH, t = NablaFramework.TF_SEQ, d = NablaFramework.TF_D;
        Block block = new TransformerEncoderBlock(d, NablaFramework.TF_HEADS, NablaFramework.TF_FF, 0f, Activation::relu);
        Trainer tr = trainer("transformer", block, dot(), adam(), new Shape(b, t, d));
        NDManager m0 = tr.getManager();
        NDArray x = m0.randomNormal(new Shape(b, t, d)), cot = m0.randomNormal(new Shape(b, t, d));
        return Trials.timed(2, 3, () -> regressionStep(tr, x, cot, false), sec -> sec * 1e3, null);
    }

    private static void regressionStep(Trainer tr, NDArray x, NDArray cot, boolean optimize) {
        try (NDManager m = tr.getManager().newSubManager()) {
            x.tempAttach(m);
            cot.tempAttach(m);
            try (GradientCollector gc = tr.newGradientCollector()) {
                NDArray out = tr.forward(new NDList(x)).get(0);
                gc.backward(tr.getLoss().evaluate(new NDList(cot), new NDList(out)));
            }
            if (optimize) tr.step();
        }
    }
}
