package dev.nabla.autograd;

import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records ops onto the tape and runs the backward pass.
 *
 * <p>Backward visits nodes in dependency order (a node runs once every consumer has handed it its
 * gradient), accumulating with {@code add} so fan-out is right. Under {@code createGraph} the
 * chain rules run with recording on, so gradients are differentiable again.
 */
public final class Autograd {
    private Autograd() {}

    /** The chain rule of a single-output op. */
    @FunctionalInterface
    public interface Grad1 {
        Tensor[] apply(Tensor gradOutput);
    }

    private static int passCounter;

    /** True when grad mode is on and some input requires grad: only then is recording worth it. */
    public static boolean needs(Tensor a) {
        return a.requiresGrad() && GradMode.isEnabled();
    }

    public static boolean needs(Tensor a, Tensor b) {
        return (a.requiresGrad() || (b != null && b.requiresGrad())) && GradMode.isEnabled();
    }

    public static boolean needs(Tensor... ts) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : ts) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /** Attaches a node producing {@code out} from {@code inputs}; returns it so the op can save tensors. */
    public static Node record(String op, Tensor out, Grad1 rule, Tensor... inputs) {
        Node n = new Node(op, g -> rule.apply(g[0]), inputs, new int[][]{out.shape()});
        out.setGradFn(n, 0);
        return n;
    }

    /** Attaches one node producing several outputs (some of which may be non-differentiable: pass them as null). */
    public static Node recordMulti(String op, Tensor[] outs, BackwardFn rule, Tensor... inputs) {
        int[][] shapes = new int[outs.length][];
        for (int k = 0; k < outs.length; k++) shapes[k] = outs[k] == null ? null : outs[k].shape();
        Node n = new Node(op, rule, inputs, shapes);
        for (int k = 0; k < outs.length; k++) if (outs[k] != null) outs[k].setGradFn(n, k);
        return n;
    }

    /** Registers a hook on the gradient flowing into output {@code index} of {@code node}. */
    public static void addHook(Node node, int index, java.util.function.UnaryOperator<Tensor> hook) {
        node.addHook(index, hook);
    }

    /**
     * Back-propagates {@code grads} from {@code roots}, accumulating into the {@code grad} of every
     * leaf that requires it.
     */
    public static void backward(Tensor[] roots, Tensor[] grads, boolean retainGraph, boolean createGraph) {
        run(roots, grads, retainGraph, createGraph, null);
    }

    /**
     * The gradients of {@code outputs} (weighted by {@code gradOutputs}; null = ones for scalars)
     * with respect to {@code inputs}, without touching any {@code grad} field. An input the outputs
     * do not depend on gets null, or an error unless {@code allowUnused}.
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs,
                                boolean retainGraph, boolean createGraph, boolean allowUnused) {
        for (Tensor in : inputs)
            if (!in.requiresGrad())
                throw new IllegalArgumentException("grad: an input of shape " + Shapes.str(in.shape()) + " does not require grad");
        Tensor[] result = new Tensor[inputs.length];
        run(outputs, gradOutputs, retainGraph, createGraph, new Capture(inputs, result));
        if (!allowUnused)
            for (int k = 0; k < inputs.length; k++)
                if (result[k] == null)
                    throw new IllegalArgumentException("grad: input " + k + " of shape " + Shapes.str(inputs[k].shape())
                            + " was not used to compute the outputs (pass allowUnused=true to get null)");
        return result;
    }

    private record Capture(Tensor[] inputs, Tensor[] result) {
        int leafIndex(Tensor t) {
            for (int k = 0; k < inputs.length; k++) if (inputs[k] == t) return k;
            return -1;
        }
    }

    private static synchronized int nextPass() { return ++passCounter; }

    private static void run(Tensor[] roots, Tensor[] rootGrads, boolean retainGraph, boolean createGraph, Capture capture) {
        if (rootGrads == null) rootGrads = new Tensor[roots.length];
        int pass = nextPass();
        List<Node> rootNodes = new ArrayList<>();
        for (int k = 0; k < roots.length; k++) {
            Tensor r = roots[k];
            if (!r.requiresGrad())
                throw new IllegalStateException("backward: output " + k + " of shape " + Shapes.str(r.shape())
                        + " does not require grad and has no grad_fn (was it computed under noGrad, or from tensors without requiresGrad?)");
            Tensor g = rootGrads[k];
            if (g == null) {
                if (r.numel() != 1)
                    throw new IllegalArgumentException("backward: a gradient can be implied only for a scalar output; output "
                            + k + " has shape " + Shapes.str(r.shape()) + ": pass its gradient explicitly");
                g = Tensor.onesLike(r);
            } else if (!Shapes.equal(g.shape(), r.shape())) {
                throw new IllegalArgumentException("backward: gradient of shape " + Shapes.str(g.shape())
                        + " does not match output " + k + " of shape " + Shapes.str(r.shape()));
            }
            rootGrads[k] = g;
        }
        Map<Object, Boolean> delivered = DELIVERED.get();
        delivered.clear();
        for (Tensor g : rootGrads) delivered.put(g.storage(), Boolean.TRUE);
        try (var mode = GradMode.set(createGraph)) {
            // leaves given directly as roots
            for (int k = 0; k < roots.length; k++) {
                Tensor r = roots[k];
                if (r.gradFn() == null) deliverLeaf(r, rootGrads[k], createGraph, capture);
                else rootNodes.add(r.gradFn());
            }
            // count, for every reachable node, how many edges lead into it
            ArrayDeque<Node> stack = new ArrayDeque<>();
            for (Node n : rootNodes) {
                if (n.pass != pass) { n.pass = pass; n.dependencies = 0; n.gradAcc = new Tensor[n.numOutputs]; stack.push(n); }
            }
            while (!stack.isEmpty()) {
                Node n = stack.pop();
                if (n.fn == null)
                    throw new IllegalStateException("backward: the graph through '" + n.op + "' was already freed by an earlier "
                            + "backward; pass retainGraph=true to the first backward to go through it twice");
                for (Node m : n.nextNodes) {
                    if (m == null) continue;
                    if (m.pass != pass) { m.pass = pass; m.dependencies = 0; m.gradAcc = new Tensor[m.numOutputs]; stack.push(m); }
                    m.dependencies++;
                }
            }
            for (int k = 0; k < roots.length; k++) {
                Tensor r = roots[k];
                if (r.gradFn() != null) accumulate(r.gradFn(), r.outputIndex(), rootGrads[k]);
            }
            ArrayDeque<Node> ready = new ArrayDeque<>();
            for (Node n : rootNodes) if (n.dependencies == 0 && !ready.contains(n)) ready.add(n);
            while (!ready.isEmpty()) {
                Node n = ready.poll();
                Tensor[] gOut = n.gradAcc;
                n.gradAcc = null;
                if (n.hooks != null)
                    for (int k = 0; k < gOut.length; k++)
                        if (n.hooks[k] != null && gOut[k] != null)
                            for (var h : n.hooks[k]) { Tensor r = h.apply(gOut[k]); if (r != null) gOut[k] = r; }
                if (capture != null) captureNonLeaf(n, gOut, capture);
                boolean any = false;
                for (Tensor g : gOut) if (g != null) { any = true; break; }
                Tensor[] gIn = null;
                if (any) {
                    n.checkSaved();
                    gIn = n.fn.apply(gOut);
                    if (gIn.length != n.nextNodes.length)
                        throw new IllegalStateException("backward of '" + n.op + "' returned " + gIn.length
                                + " gradients for " + n.nextNodes.length + " inputs");
                }
                if (!retainGraph) { n.fn = null; n.saved = null; }
                for (int k = 0; k < n.nextNodes.length; k++) {
                    Tensor g = gIn == null ? null : gIn[k];
                    Node m = n.nextNodes[k];
                    if (m != null) {
                        if (g != null) {
                            checkGradShape(n, k, g, m.outputShapes[n.nextIndex[k]]);
                            accumulate(m, n.nextIndex[k], g);
                        }
                        if (--m.dependencies == 0) ready.add(m);
                    } else if (n.leaves[k] != null && g != null) {
                        checkGradShape(n, k, g, n.leaves[k].shape());
                        deliverLeaf(n.leaves[k], g, createGraph, capture);
                    }
                }
            }
        } finally {
            delivered.clear();
        }
    }

    private static void checkGradShape(Node n, int k, Tensor g, int[] expected) {
        if (!Shapes.equal(g.shape(), expected))
            throw new IllegalStateException("backward of '" + n.op + "' returned a gradient of shape " + Shapes.str(g.shape())
                    + " for input " + k + " of shape " + Shapes.str(expected));
    }

    private static void accumulate(Node n, int idx, Tensor g) {
        Tensor prev = n.gradAcc[idx];
        n.gradAcc[idx] = prev == null ? g : prev.add(g);
    }

    private static void captureNonLeaf(Node n, Tensor[] gOut, Capture c) {
        for (int k = 0; k < c.inputs.length; k++) {
            Tensor in = c.inputs[k];
            if (in.gradFn() == n && gOut[in.outputIndex()] != null) c.result[k] = gOut[in.outputIndex()];
        }
    }

    /** Storages already handed out as a leaf's grad (or given by the caller) in the running pass. */
    private static final ThreadLocal<Map<Object, Boolean>> DELIVERED = ThreadLocal.withInitial(IdentityHashMap::new);

    private static void deliverLeaf(Tensor leaf, Tensor g, boolean createGraph, Capture capture) {
        g = leaf.applyLeafHooks(g);
        if (capture != null) {
            int k = capture.leafIndex(leaf);
            if (k >= 0) c(capture, k, g);
            return;
        }
        if (!createGraph) g = g.detach();
        Tensor prev = leaf.grad();
        leaf.setGrad(prev == null ? (createGraph ? g : ownCopy(g)) : prev.add(g));
    }

    /** A gradient stored in {@code .grad} must not share memory with another grad or with the caller's tensor. */
    private static Tensor ownCopy(Tensor g) {
        Map<Object, Boolean> seen = DELIVERED.get();
        if (!g.isContiguous() || seen.put(g.storage(), Boolean.TRUE) != null) {
            g = g.contiguousCopy();
            seen.put(g.storage(), Boolean.TRUE);
        }
        return g;
    }

    private static void c(Capture capture, int k, Tensor g) {
        Tensor prev = capture.result[k];
        capture.result[k] = prev == null ? g : prev.add(g);
    }


    /** For tests and debugging: the op labels of the graph behind {@code t}, in reverse topological order. */
    public static List<String> trace(Tensor t) {
        List<String> out = new ArrayList<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node> q = new ArrayDeque<>();
        if (t.gradFn() != null) q.add(t.gradFn());
        while (!q.isEmpty()) {
            Node n = q.poll();
            if (seen.put(n, true) != null) continue;
            out.add(n.op);
            for (Node m : n.nextNodes) if (m != null) q.add(m);
        }
        return out;
    }
}
