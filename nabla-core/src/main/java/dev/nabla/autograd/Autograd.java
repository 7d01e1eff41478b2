package dev.nabla.autograd;

import dev.nabla.ops.OpRegistry;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records ops onto the tape and runs the backward pass.
 *
 * <p>Backward visits nodes in dependency order (a node runs once every consumer has handed it its
 * gradient), accumulating with {@code add} so fan-out is right. Under {@code createGraph} the
 * chain rules run with recording on, so gradients are differentiable again. Every label recorded
 * by an op is a primitive listed in {@link OpRegistry}; user-defined ops go through {@link Function}.
 *
 * <p>Recording is on the hot path of every op, so a node is one small object plus its edge arrays,
 * and a backward pass keeps its state in plain lists rather than hash maps.
 */
public final class Autograd {
    private Autograd() {}

    /** The chain rule of a single-output op. */
    @FunctionalInterface
    public interface Grad1 {
        Tensor[] apply(Tensor gradOutput);
    }

    private static final AtomicInteger PASSES = new AtomicInteger();

    /** True when grad mode is on and some input requires grad: only then is recording worth it. */
    public static boolean needs(Tensor a) {
        return a.requiresGrad() && GradMode.isEnabled();
    }

    public static boolean needs(Tensor a, Tensor b) {
        return (a.requiresGrad() || (b != null && b.requiresGrad())) && GradMode.isEnabled();
    }

    public static boolean needs(Tensor... ts) {
        for (Tensor t : ts) if (t != null && t.requiresGrad()) return GradMode.isEnabled();
        return false;
    }

    /**
     * Attaches a node producing {@code out} from {@code inputs}; returns it so the op can save tensors.
     * {@code op} must be a primitive listed in {@link OpRegistry} (checked when assertions are on).
     */
    public static Node record(String op, Tensor out, Grad1 rule, Tensor... inputs) {
        assert OpRegistry.isRegistered(op) : "Autograd.record: '" + op + "' is not a registered primitive; add it to OpRegistry "
                + "(or call OpRegistry.register from its module) and give it a gradcheck sample in the op contract test";
        Node n = new Node(op, rule, inputs, out.shapeRef());
        out.setGradFn(n, 0);
        return n;
    }

    /** Attaches one node producing several outputs (some of which may be non-differentiable: pass them as null). */
    public static Node recordMulti(String op, Tensor[] outs, BackwardFn rule, Tensor... inputs) {
        assert OpRegistry.isRegistered(op) : "Autograd.recordMulti: '" + op + "' is not in OpRegistry";
        return recordAny(op, outs, rule, inputs);
    }

    /** Records a node under any label: for {@link Function} and {@link Checkpoint}, which are not primitives. */
    static Node recordAny(String op, Tensor[] outs, BackwardFn rule, Tensor... inputs) {
        int[][] shapes = new int[outs.length][];
        for (int k = 0; k < outs.length; k++) shapes[k] = outs[k] == null ? null : outs[k].shapeRef();
        Node n = new Node(op, rule, inputs, shapes);
        for (int k = 0; k < outs.length; k++) if (outs[k] != null) outs[k].setGradFn(n, k);
        return n;
    }

    /** Registers a hook on the gradient flowing into output {@code index} of {@code node}. */
    public static void addHook(Node node, int index, java.util.function.UnaryOperator<Tensor> hook) {
        node.addHook(index, hook);
    }

    /**
     * Back-propagates {@code grads} (null entries: ones, for one-element roots) from {@code roots},
     * accumulating into the {@code grad} of every leaf that requires it. Without {@code retainGraph}
     * the graph is freed as it is walked; with {@code createGraph} the backward ops are recorded too.
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
        for (int k = 0; k < inputs.length; k++)
            if (!inputs[k].requiresGrad())
                throw new IllegalArgumentException("grad: input " + k + " of shape " + Shapes.str(inputs[k].shapeRef()) + " does not require grad");
        Tensor[] result = new Tensor[inputs.length];
        run(outputs, gradOutputs, retainGraph, createGraph, new Capture(inputs, result));
        if (!allowUnused)
            for (int k = 0; k < inputs.length; k++)
                if (result[k] == null)
                    throw new IllegalArgumentException("grad: input " + k + " of shape " + Shapes.str(inputs[k].shapeRef())
                            + " was not used to compute the outputs (pass allowUnused=true to get null)");
        return result;
    }

    /** Shorthand for {@code grad(outputs, inputs, null, false, false, false)}: scalar outputs, first order. */
    public static Tensor[] grad(Tensor output, Tensor... inputs) {
        return grad(new Tensor[]{output}, inputs, null, false, false, false);
    }

    private record Capture(Tensor[] inputs, Tensor[] result) {
        int leafIndex(Tensor t) {
            for (int k = 0; k < inputs.length; k++) if (inputs[k] == t) return k;
            return -1;
        }
    }

    /** State of one backward pass; a pass may run inside another (checkpoint recomputation). */
    private static final class Pass {
        final int id = PASSES.incrementAndGet();
        final boolean retainGraph, createGraph;
        final Capture capture;
        /** Storages already handed out as a leaf's grad (or given by the caller), compared by identity. */
        Object[] delivered = new Object[8];
        int nDelivered;

        Pass(boolean retainGraph, boolean createGraph, Capture capture) {
            this.retainGraph = retainGraph;
            this.createGraph = createGraph;
            this.capture = capture;
        }

        /** Adds {@code s}; false when it was already there. */
        boolean deliver(Object s) {
            for (int k = 0; k < nDelivered; k++) if (delivered[k] == s) return false;
            if (nDelivered == delivered.length) delivered = Arrays.copyOf(delivered, nDelivered * 2);
            delivered[nDelivered++] = s;
            return true;
        }
    }

    private static void run(Tensor[] roots, Tensor[] rootGrads, boolean retainGraph, boolean createGraph, Capture capture) {
        rootGrads = rootGrads == null ? new Tensor[roots.length] : rootGrads.clone();
        if (rootGrads.length != roots.length)
            throw new IllegalArgumentException("backward: " + rootGrads.length + " gradients given for " + roots.length + " outputs");
        Pass pass = new Pass(retainGraph, createGraph, capture);
        for (int k = 0; k < roots.length; k++) {
            Tensor r = roots[k];
            if (!r.requiresGrad())
                throw new IllegalStateException("backward: output " + k + " of shape " + Shapes.str(r.shapeRef())
                        + " does not require grad and has no grad_fn (was it computed under noGrad, or from tensors without requiresGrad?)");
            Tensor g = rootGrads[k];
            if (g == null) {
                if (r.numel() != 1)
                    throw new IllegalArgumentException("backward: a gradient can be implied only for a scalar output; output "
                            + k + " has shape " + Shapes.str(r.shapeRef()) + ": pass its gradient explicitly");
                g = Tensor.onesLike(r);
            } else if (!Shapes.equal(g.shapeRef(), r.shapeRef())) {
                throw new IllegalArgumentException("backward: gradient of shape " + Shapes.str(g.shapeRef())
                        + " does not match output " + k + " of shape " + Shapes.str(r.shapeRef()));
            }
            rootGrads[k] = g;
            pass.deliver(g.storage());
        }
        try (var mode = GradMode.set(createGraph)) {
            // every node reachable from the roots, each with the number of edges that lead into it
            ArrayList<Node> stack = new ArrayList<>(32);
            for (Tensor r : roots) {
                Node n = r.gradFn();
                if (n != null && n.pass != pass.id) { n.visit(pass.id); stack.add(n); }
            }
            ArrayList<Node> ready = new ArrayList<>(64);
            ready.addAll(stack);
            while (!stack.isEmpty()) {
                Node n = stack.remove(stack.size() - 1);
                if (n.fn == null)
                    throw new IllegalStateException("backward: the graph through '" + n.op + "' was already freed by an earlier "
                            + "backward; pass retainGraph=true to the first backward to go through it twice");
                for (Node m : n.nextNodes) {
                    if (m == null) continue;
                    if (m.pass != pass.id) { m.visit(pass.id); stack.add(m); }
                    m.dependencies++;
                }
            }
            for (int k = 0; k < roots.length; k++) {
                Tensor r = roots[k];
                if (r.gradFn() != null) accumulate(r.gradFn(), r.outputIndex(), rootGrads[k]);
                else deliverLeaf(r, rootGrads[k], pass);
            }
            // root nodes that another root depends on wait for it
            ready.removeIf(n -> n.dependencies != 0);
            for (int head = 0; head < ready.size(); head++) {
                Node n = ready.get(head);
                ready.set(head, null);
                runNode(n, pass, ready);
            }
        }
    }

    /** Applies one node's chain rule and hands the results to its inputs; nodes that become ready are appended. */
    private static void runNode(Node n, Pass pass, ArrayList<Node> ready) {
        Tensor[] gOut = n.gradAcc;
        n.gradAcc = null;
        if (n.hooks != null)
            for (int k = 0; k < gOut.length; k++)
                if (n.hooks[k] != null && gOut[k] != null)
                    for (var h : n.hooks[k]) { Tensor r = h.apply(gOut[k]); if (r != null) gOut[k] = r; }
        if (pass.capture != null) captureNonLeaf(n, gOut, pass.capture);
        boolean any = false;
        for (Tensor g : gOut) if (g != null) { any = true; break; }
        Tensor[] gIn = null;
        if (any) {
            n.checkSaved();
            gIn = n.apply(gOut);
            if (gIn.length != n.nextNodes.length)
                throw new IllegalStateException("backward of '" + n.op + "' returned " + gIn.length
                        + " gradients for " + n.nextNodes.length + " inputs");
        }
        if (!pass.retainGraph) n.free();
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
                checkGradShape(n, k, g, n.leaves[k].shapeRef());
                deliverLeaf(n.leaves[k], g, pass);
            }
        }
    }

    private static void checkGradShape(Node n, int k, Tensor g, int[] expected) {
        if (!Shapes.equal(g.shapeRef(), expected))
            throw new IllegalStateException("backward of '" + n.op + "' returned a gradient of shape " + Shapes.str(g.shapeRef())
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

    private static void deliverLeaf(Tensor leaf, Tensor g, Pass pass) {
        g = leaf.applyLeafHooks(g);
        if (pass.capture != null) {
            int k = pass.capture.leafIndex(leaf);
            if (k >= 0) {
                Tensor prev = pass.capture.result[k];
                pass.capture.result[k] = prev == null ? g : prev.add(g);
            }
            return;
        }
        Tensor prev = leaf.grad();
        if (prev != null) { leaf.setGrad(pass.createGraph ? prev.add(g) : prev.detach().add(g.detach())); return; }
        if (pass.createGraph) { leaf.setGrad(g); return; }
        // a gradient stored in .grad must not share memory with another grad or with the caller's tensor
        if (!g.isContiguous() || !pass.deliver(g.storage())) {
            g = g.contiguousCopy();
            pass.deliver(g.storage());
        }
        leaf.setGrad(g.requiresGrad() ? g.detach() : g);
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
