package dev.nabla.autograd;

import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One recorded op in the tape: its label, its chain rule, the edges to its inputs' producers,
 * and the tensors it saved for backward together with the version each had when saved.
 */
public final class Node {
    final String op;
    /** The chain rule: a single-output rule, or a general one; null once the graph is freed. */
    private Autograd.Grad1 fn1;
    BackwardFn fn;
    final int numOutputs;
    final int[][] outputShapes;
    /** Per input: the producing node and which of its outputs, or a leaf to accumulate into, or neither. */
    final Node[] nextNodes;
    final int[] nextIndex;
    final Tensor[] leaves;
    Tensor[] saved;
    int[] savedVersions;
    List<UnaryOperator<Tensor>>[] hooks;

    // scratch used by one backward pass
    Tensor[] gradAcc;
    int dependencies;
    int pass;

    /** A single-output node (the common case, kept cheap: it is built on every recorded op). */
    Node(String op, Autograd.Grad1 rule, Tensor[] inputs, int[] outputShape) {
        this(op, null, inputs, new int[][]{outputShape});
        this.fn1 = rule;
        this.fn = MARK;
    }

    Node(String op, BackwardFn fn, Tensor[] inputs, int[][] outputShapes) {
        this.op = op;
        this.fn = fn;
        this.numOutputs = outputShapes.length;
        this.outputShapes = outputShapes;
        int n = inputs.length;
        nextNodes = new Node[n];
        nextIndex = new int[n];
        leaves = new Tensor[n];
        for (int k = 0; k < n; k++) {
            Tensor t = inputs[k];
            if (t == null || !t.requiresGrad()) continue;
            if (t.gradFn() != null) {
                nextNodes[k] = t.gradFn();
                nextIndex[k] = t.outputIndex();
            } else {
                leaves[k] = t;
            }
        }
    }

    /** Stands in for {@link #fn} on single-output nodes, so that "fn == null" still means "freed". */
    private static final BackwardFn MARK = g -> { throw new AssertionError(); };

    Tensor[] apply(Tensor[] gradOutputs) {
        return fn1 != null ? fn1.apply(gradOutputs[0]) : fn.apply(gradOutputs);
    }

    /** Drops the chain rule and saved tensors (the graph is then "freed"). */
    void free() {
        fn = null;
        fn1 = null;
        saved = null;
    }

    /** Prepares this node for backward pass {@code id}. */
    void visit(int id) {
        pass = id;
        dependencies = 0;
        gradAcc = new Tensor[numOutputs];
    }

    /** The op's label, e.g. {@code "matmul"}. */
    public String op() { return op; }

    public int numInputs() { return nextNodes.length; }

    /** The producer of input {@code k}, or null when it is a leaf or needs no gradient. */
    public Node nextNode(int k) { return nextNodes[k]; }

    /** Registers tensors whose in-place modification after this point must fail backward. */
    public void saveForBackward(Tensor... tensors) {
        saved = tensors;
        savedVersions = new int[tensors.length];
        for (int k = 0; k < tensors.length; k++)
            savedVersions[k] = tensors[k] == null ? 0 : tensors[k].version();
    }

    void checkSaved() {
        if (saved == null) return;
        for (int k = 0; k < saved.length; k++) {
            Tensor t = saved[k];
            if (t != null && t.version() != savedVersions[k])
                throw new IllegalStateException("backward of '" + op + "': saved tensor " + k + " of shape "
                        + Shapes.str(t.shape()) + " was modified by an in-place operation after it was saved "
                        + "(it is at version " + t.version() + ", expected " + savedVersions[k]
                        + "); clone it before modifying it in place");
        }
    }

    @SuppressWarnings("unchecked")
    void addHook(int outputIndex, UnaryOperator<Tensor> hook) {
        if (hooks == null) hooks = new List[numOutputs];
        if (hooks[outputIndex] == null) hooks[outputIndex] = new ArrayList<>();
        hooks[outputIndex].add(hook);
    }

    @Override public String toString() { return "Node(" + op + ")"; }
}
