package dev.nabla.tensor;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.Node;
import dev.nabla.backend.Backends;
import dev.nabla.ops.Elementwise;
import dev.nabla.ops.FusedElementwise;
import dev.nabla.ops.Indexing;
import dev.nabla.ops.Join;
import dev.nabla.ops.LinAlg;
import dev.nabla.ops.Movement;
import dev.nabla.ops.Reduce;
import dev.nabla.ops.BinaryOp;
import dev.nabla.ops.UnaryOp;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array: a view (shape, strides, offset) onto a {@link Storage}, with optional
 * autograd history. A thin facade: every op lives in its family's class in {@code dev.nabla.ops}.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[]{1, 2, 3, 4}, 2, 2).requiresGrad(true);
 * Tensor loss = x.matmul(x).tanh().sum();
 * loss.backward();
 * System.out.println(x.grad());
 * }</pre>
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final Tensor base;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private int outputIndex;
    private List<UnaryOperator<Tensor>> hooks;
    private byte contiguity;
    private int numel = -1;

    private Tensor(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.base = base;
    }

    // ------------------------------------------------------------------ low-level construction

    /** A contiguous tensor over {@code storage} (not copied). */
    public static Tensor wrap(Storage storage, int... shape) {
        Shapes.checkShape("wrap", shape);
        int n = Shapes.numel(shape);
        if (n > storage.length())
            throw new IllegalArgumentException("wrap: shape " + Shapes.str(shape) + " needs " + n + " elements but the storage has " + storage.length());
        return new Tensor(storage, shape.clone(), Shapes.contiguousStrides(shape), 0, null);
    }

    /** A view of {@code source}'s storage with the given geometry; the caller guarantees it is in bounds. */
    public static Tensor view(Tensor source, int[] shape, int[] strides, int offset) {
        Tensor root = source.base != null ? source.base : source;
        return new Tensor(source.storage, shape, strides, offset, root);
    }

    /** A new, contiguous, zero-filled tensor. */
    public static Tensor empty(DType dtype, int... shape) {
        return new Tensor(Backends.current().allocate(dtype, Shapes.checkedNumel("empty", shape)), shape.clone(), Shapes.contiguousStrides(shape), 0, null);
    }

    // ------------------------------------------------------------------ creation

    public static Tensor of(float[] data, int... shape) { return Creation.of(Storage.of(data.clone()), data.length, shape); }
    public static Tensor of(double[] data, int... shape) { return Creation.of(Storage.of(data.clone()), data.length, shape); }
    public static Tensor of(int[] data, int... shape) { return Creation.of(Storage.of(data.clone()), data.length, shape); }
    public static Tensor of(long[] data, int... shape) { return Creation.of(Storage.of(data.clone()), data.length, shape); }
    public static Tensor of(boolean[] data, int... shape) { return Creation.ofBool(data, shape); }
    /** A 1-D tensor of {@code data} (no shape given), e.g. {@code Tensor.of(1f, 2f, 3f)}. */
    public static Tensor of(float... data) { return of(data, data.length); }
    /** From a nested Java array of any rank ({@code float[][]}, {@code double[][][]}, {@code long[]} ...). */
    public static Tensor fromArray(Object nested) { return Creation.fromArray(nested); }
    /** Wraps {@code data} without copying: writes through the tensor are seen in the array. */
    public static Tensor wrap(float[] data, int... shape) { return Creation.of(Storage.of(data), data.length, shape); }

    public static Tensor scalar(double value) { return scalar(value, DType.FLOAT32); }
    public static Tensor scalar(double value, DType dtype) { Tensor t = empty(dtype); t.storage.setDouble(0, value); return t; }
    public static Tensor zeros(int... shape) { return empty(DType.FLOAT32, shape); }
    public static Tensor zeros(DType dtype, int... shape) { return empty(dtype, shape); }
    public static Tensor ones(int... shape) { return full(1, shape); }
    public static Tensor ones(DType dtype, int... shape) { return full(1, dtype, shape); }
    public static Tensor full(double value, int... shape) { return full(value, DType.FLOAT32, shape); }
    public static Tensor full(double value, DType dtype, int... shape) { return empty(dtype, shape).fill_(value); }
    public static Tensor empty(int... shape) { return empty(DType.FLOAT32, shape); }
    public static Tensor arange(double end) { return Creation.arange(0, end, 1, DType.FLOAT32); }
    public static Tensor arange(double start, double end, double step) { return Creation.arange(start, end, step, DType.FLOAT32); }
    public static Tensor arange(double start, double end, double step, DType dtype) { return Creation.arange(start, end, step, dtype); }
    public static Tensor linspace(double start, double end, int steps) { return Creation.linspace(start, end, steps); }
    public static Tensor eye(int n) { return Creation.eye(n, n); }
    public static Tensor eye(int n, int m) { return Creation.eye(n, m); }
    public static Tensor zerosLike(Tensor t) { return empty(t.dtype(), t.shape); }
    public static Tensor onesLike(Tensor t) { return full(1, t.dtype(), t.shape); }
    public static Tensor fullLike(Tensor t, double v) { return full(v, t.dtype(), t.shape); }
    public static Tensor emptyLike(Tensor t) { return empty(t.dtype(), t.shape); }

    // random numbers, reproducible through a Generator
    public static Tensor rand(Generator g, int... shape) { return g.uniform(0, 1, shape); }
    public static Tensor randn(Generator g, int... shape) { return g.normal(0, 1, shape); }
    public static Tensor uniform(Generator g, double lo, double hi, int... shape) { return g.uniform(lo, hi, shape); }
    public static Tensor normal(Generator g, double mean, double std, int... shape) { return g.normal(mean, std, shape); }
    public static Tensor randint(Generator g, long lo, long hi, int... shape) { return g.randint(lo, hi, shape); }
    public static Tensor randperm(Generator g, int n) { return g.permutation(n); }
    public Tensor bernoulli(Generator g) { return g.bernoulli(this); }

    // ------------------------------------------------------------------ geometry

    public int[] shape() { return shape.clone(); }
    /** Size of dimension {@code d} (negative counts from the end). */
    public int size(int d) { return shape[Shapes.dim("size", d, shape.length)]; }
    public int dim() { return shape.length; }
    public int numel() {
        int n = numel;
        if (n < 0) numel = n = Shapes.numel(shape);   // cached: the shape is final
        return n;
    }
    public DType dtype() { return storage.dtype; }
    public int[] strides() { return strides.clone(); }
    public int offset() { return offset; }
    public Storage storage() { return storage; }
    /** The tensor this one is a view of, or null when it owns its storage. */
    public Tensor base() { return base; }
    public int version() { return storage.version; }

    /** Direct read-only access to the shape array for kernels (do not modify). */
    public int[] shapeRef() { return shape; }
    /** Direct read-only access to the strides array for kernels (do not modify). */
    public int[] stridesRef() { return strides; }

    public boolean isContiguous() {
        // cached: the geometry is final; 0 = not computed yet, 1 = yes, 2 = no
        if (contiguity == 0) contiguity = computeContiguous() ? (byte) 1 : (byte) 2;
        return contiguity == 1;
    }

    private boolean computeContiguous() {
        int s = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            if (shape[k] != 1 && strides[k] != s) return false;
            s *= shape[k];
        }
        return true;
    }

    // ------------------------------------------------------------------ autograd

    public boolean requiresGrad() { return requiresGrad; }

    /** Marks a leaf as needing gradients; returns this. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value)
            throw new IllegalStateException("requiresGrad(false): only leaf tensors can stop requiring grad; use detach()");
        if (value && !dtype().isFloating())
            throw new IllegalArgumentException("requiresGrad: only floating-point tensors can require gradients, not " + dtype());
        requiresGrad = value;
        return this;
    }

    public Tensor grad() { return grad; }
    public void setGrad(Tensor g) {
        if (g != null && !Shapes.equal(g.shape, shape))
            throw new IllegalArgumentException("setGrad: gradient shape " + Shapes.str(g.shape) + " does not match tensor shape " + Shapes.str(shape));
        grad = g;
    }
    /** Sets the gradient to null (the cheapest way to zero it). */
    public void zeroGrad() { grad = null; }
    public Node gradFn() { return gradFn; }
    public int outputIndex() { return outputIndex; }
    public boolean isLeaf() { return gradFn == null; }

    /** Used by {@link Autograd} when recording: this tensor is output {@code index} of {@code node}. */
    public void setGradFn(Node node, int index) {
        gradFn = node;
        outputIndex = index;
        requiresGrad = node != null;
    }

    /** A tensor sharing this one's data but cut off from the graph. */
    public Tensor detach() { return new Tensor(storage, shape, strides, offset, base); }

    public void backward() { Autograd.backward(new Tensor[]{this}, null, false, false); }
    public void backward(Tensor gradient) { Autograd.backward(new Tensor[]{this}, new Tensor[]{gradient}, false, false); }
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(new Tensor[]{this}, new Tensor[]{gradient}, retainGraph, createGraph);
    }

    /** Calls {@code hook} with this tensor's gradient during backward; a non-null result replaces it. */
    public Tensor registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad) throw new IllegalStateException("registerHook: the tensor does not require grad");
        if (gradFn != null) Autograd.addHook(gradFn, outputIndex, hook);
        else {
            if (hooks == null) hooks = new ArrayList<>();
            hooks.add(hook);
        }
        return this;
    }

    /** Keeps the gradient of a non-leaf tensor in {@link #grad()} after backward. */
    public Tensor retainGrad() {
        if (gradFn == null) return this;
        return registerHook(g -> { grad = grad == null ? g.detach() : grad.add(g.detach()); return null; });
    }

    public Tensor applyLeafHooks(Tensor g) {
        if (hooks != null) for (var h : hooks) { Tensor r = h.apply(g); if (r != null) g = r; }
        return g;
    }

    // ------------------------------------------------------------------ data access

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) throw new IllegalStateException("item: tensor of shape " + Shapes.str(shape) + " has " + numel() + " elements, not 1");
        return storage.getDouble(offset);
    }

    /** Element at {@code index} (one per dim, negatives from the end), widened to double. */
    public double get(int... index) { return storage.getDouble(elementOffset("get", index)); }

    /** Writes one element (in place; bumps the version). */
    public Tensor set(double value, int... index) {
        storage.setDouble(elementOffset("set", index), value);
        storage.version++;
        return this;
    }

    public int elementOffset(String op, int[] index) {
        if (index.length != shape.length)
            throw new IllegalArgumentException(op + ": " + index.length + " indices for a tensor of rank " + shape.length + " " + Shapes.str(shape));
        int o = offset;
        for (int k = 0; k < index.length; k++) {
            int i = index[k];
            if (i < -shape[k] || i >= shape[k])
                throw new IndexOutOfBoundsException(op + ": index " + i + " out of range for dim " + k + " of size " + shape[k]);
            o += (i < 0 ? i + shape[k] : i) * strides[k];
        }
        return o;
    }

    public float[] toFloatArray() { return freshCopy(DType.FLOAT32).storage.f; }
    public double[] toDoubleArray() { return freshCopy(DType.FLOAT64).storage.d; }
    public int[] toIntArray() { return freshCopy(DType.INT32).storage.i; }
    public long[] toLongArray() { return freshCopy(DType.INT64).storage.l; }
    public boolean[] toBoolArray() {
        byte[] b = freshCopy(DType.BOOL).storage.b;
        boolean[] out = new boolean[b.length];
        for (int k = 0; k < b.length; k++) out[k] = b[k] != 0;
        return out;
    }

    /** A fresh contiguous tensor of exactly this tensor's elements, in {@code dt}. */
    private Tensor freshCopy(DType dt) {
        return dt == dtype() ? Movement.copyOf(this) : Elementwise.cast(this, dt);
    }

    /** A zero-copy {@link MemorySegment} over this tensor's elements; the tensor must be contiguous. */
    public MemorySegment asMemorySegment() {
        if (!isContiguous())
            throw new IllegalStateException("asMemorySegment: tensor of shape " + Shapes.str(shape) + " with strides "
                    + Shapes.str(strides) + " is not contiguous; call contiguous() first");
        long es = dtype().byteSize();
        return storage.segment().asSlice(offset * es, numel() * es);
    }

    /** A new tensor holding a copy of {@code segment}'s bytes, read as little-endian {@code dtype}. */
    public static Tensor fromMemorySegment(MemorySegment segment, DType dtype, int... shape) { return Creation.fromSegment(segment, dtype, shape); }

    @Override public String toString() { return TensorFormat.format(this); }

    // ------------------------------------------------------------------ dtype

    /** This tensor converted to {@code dtype} (itself when it already has it). */
    public Tensor to(DType dtype) { return dtype == dtype() ? this : Elementwise.cast(this, dtype); }
    public Tensor toFloat() { return to(DType.FLOAT32); }
    public Tensor toDouble() { return to(DType.FLOAT64); }
    public Tensor toLong() { return to(DType.INT64); }

    // ------------------------------------------------------------------ elementwise

    public Tensor add(Tensor o) { return Elementwise.binary(BinaryOp.ADD, this, o); }
    /** {@code this + alpha * o} ({@code torch.add(input, other, alpha=)}), one fused pass for floating dtypes. */
    public Tensor add(Tensor o, double alpha) {
        if (alpha == 1) return add(o);
        DType dt = DType.promote(dtype(), o.dtype());
        return dt.isFloating() ? FusedElementwise.fma(o, Tensor.scalar(alpha, dt), this) : add(o.mul(alpha));
    }
    /** {@code this + t1 * t2} ({@code torch.addcmul}), broadcast, in one fused pass (a·x + b is {@code b.addcmul(x, a)}). */
    public Tensor addcmul(Tensor t1, Tensor t2) { return FusedElementwise.fma(t1, t2, this); }
    /** {@code out = this + t1 * t2} in one pass; not differentiable. Modified: out. Not modified: this, t1, t2. */
    public Tensor addcmul(Tensor t1, Tensor t2, Tensor out) { return FusedElementwise.fmaOut(t1, t2, this, out); }
    // out= forms (torch.add(a, b, out=out)): write the result into out (broadcast shape, result dtype) in one
    // pass without allocating; not differentiable. Modified: out. Not modified: this, o.
    public Tensor add(Tensor o, Tensor out) { return FusedElementwise.binaryOut(BinaryOp.ADD, this, o, out); }
    public Tensor add(double v, Tensor out) { return FusedElementwise.binaryOut(BinaryOp.ADD, this, Elementwise.scalarLike(v, this), out); }
    public Tensor sub(Tensor o, Tensor out) { return FusedElementwise.binaryOut(BinaryOp.SUB, this, o, out); }
    public Tensor sub(double v, Tensor out) { return FusedElementwise.binaryOut(BinaryOp.SUB, this, Elementwise.scalarLike(v, this), out); }
    public Tensor mul(Tensor o, Tensor out) { return FusedElementwise.binaryOut(BinaryOp.MUL, this, o, out); }
    public Tensor mul(double v, Tensor out) { return FusedElementwise.binaryOut(BinaryOp.MUL, this, Elementwise.scalarLike(v, this), out); }
    public Tensor div(Tensor o, Tensor out) { return FusedElementwise.binaryOut(BinaryOp.DIV, this, o, out); }
    public Tensor div(double v, Tensor out) { return FusedElementwise.binaryOut(BinaryOp.DIV, this, Elementwise.scalarLike(v, this), out); }
    public Tensor add(double v) { return Elementwise.binary(BinaryOp.ADD, this, v); }
    public Tensor sub(Tensor o) { return Elementwise.binary(BinaryOp.SUB, this, o); }
    public Tensor sub(double v) { return Elementwise.binary(BinaryOp.SUB, this, v); }
    public Tensor rsub(double v) { return Elementwise.binary(BinaryOp.SUB, Elementwise.scalarLike(v, this), this); }
    public Tensor mul(Tensor o) { return Elementwise.binary(BinaryOp.MUL, this, o); }
    public Tensor mul(double v) { return Elementwise.binary(BinaryOp.MUL, this, v); }
    public Tensor div(Tensor o) { return Elementwise.binary(BinaryOp.DIV, this, o); }
    public Tensor div(double v) { return Elementwise.binary(BinaryOp.DIV, this, v); }
    public Tensor pow(Tensor o) { return Elementwise.binary(BinaryOp.POW, this, o); }
    public Tensor pow(double v) { return Elementwise.binary(BinaryOp.POW, this, v); }
    public Tensor maximum(Tensor o) { return Elementwise.binary(BinaryOp.MAXIMUM, this, o); }
    public Tensor minimum(Tensor o) { return Elementwise.binary(BinaryOp.MINIMUM, this, o); }

    public Tensor neg() { return Elementwise.unary(UnaryOp.NEG, this); }
    public Tensor abs() { return Elementwise.unary(UnaryOp.ABS, this); }
    public Tensor exp() { return Elementwise.unary(UnaryOp.EXP, this); }
    public Tensor log() { return Elementwise.unary(UnaryOp.LOG, this); }
    public Tensor log1p() { return Elementwise.unary(UnaryOp.LOG1P, this); }
    public Tensor expm1() { return Elementwise.unary(UnaryOp.EXPM1, this); }
    public Tensor sqrt() { return Elementwise.unary(UnaryOp.SQRT, this); }
    public Tensor rsqrt() { return Elementwise.unary(UnaryOp.RSQRT, this); }
    public Tensor sin() { return Elementwise.unary(UnaryOp.SIN, this); }
    public Tensor cos() { return Elementwise.unary(UnaryOp.COS, this); }
    public Tensor tanh() { return Elementwise.unary(UnaryOp.TANH, this); }
    public Tensor sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, this); }
    public Tensor relu() { return Elementwise.unary(UnaryOp.RELU, this); }
    /** GELU, erf form: x·Φ(x). */
    public Tensor gelu() { return Elementwise.unary(UnaryOp.GELU, this); }
    /** GELU, tanh approximation. */
    public Tensor geluTanh() { return Elementwise.unary(UnaryOp.GELU_TANH, this); }
    public Tensor silu() { return Elementwise.unary(UnaryOp.SILU, this); }
    public Tensor softplus() { return Elementwise.unary(UnaryOp.SOFTPLUS, this); }
    public Tensor sign() { return Elementwise.unary(UnaryOp.SIGN, this); }
    public Tensor floor() { return Elementwise.unary(UnaryOp.FLOOR, this); }
    public Tensor ceil() { return Elementwise.unary(UnaryOp.CEIL, this); }
    /** Round half to even, like PyTorch. */
    public Tensor round() { return Elementwise.unary(UnaryOp.ROUND, this); }
    public Tensor reciprocal() { return Elementwise.unary(UnaryOp.RECIPROCAL, this); }
    public Tensor square() { return Elementwise.unary(UnaryOp.SQUARE, this); }
    public Tensor erf() { return Elementwise.unary(UnaryOp.ERF, this); }
    public Tensor leakyRelu(double slope) { return Elementwise.leakyRelu(this, slope); }
    public Tensor elu(double alpha) { return Elementwise.elu(this, alpha); }
    public Tensor clamp(double min, double max) { return Elementwise.clamp(this, min, max); }
    public Tensor clampMin(double min) { return Elementwise.clamp(this, min, Double.POSITIVE_INFINITY); }
    public Tensor clampMax(double max) { return Elementwise.clamp(this, Double.NEGATIVE_INFINITY, max); }

    public Tensor eq(Tensor o) { return Elementwise.binary(BinaryOp.EQ, this, o); }
    public Tensor eq(double v) { return Elementwise.binary(BinaryOp.EQ, this, v); }
    public Tensor ne(Tensor o) { return Elementwise.binary(BinaryOp.NE, this, o); }
    public Tensor ne(double v) { return Elementwise.binary(BinaryOp.NE, this, v); }
    public Tensor lt(Tensor o) { return Elementwise.binary(BinaryOp.LT, this, o); }
    public Tensor lt(double v) { return Elementwise.binary(BinaryOp.LT, this, v); }
    public Tensor le(Tensor o) { return Elementwise.binary(BinaryOp.LE, this, o); }
    public Tensor le(double v) { return Elementwise.binary(BinaryOp.LE, this, v); }
    public Tensor gt(Tensor o) { return Elementwise.binary(BinaryOp.GT, this, o); }
    public Tensor gt(double v) { return Elementwise.binary(BinaryOp.GT, this, v); }
    public Tensor ge(Tensor o) { return Elementwise.binary(BinaryOp.GE, this, o); }
    public Tensor ge(double v) { return Elementwise.binary(BinaryOp.GE, this, v); }
    public Tensor logicalAnd(Tensor o) { return Elementwise.binary(BinaryOp.AND, this, o); }
    public Tensor logicalOr(Tensor o) { return Elementwise.binary(BinaryOp.OR, this, o); }
    public Tensor logicalXor(Tensor o) { return Elementwise.binary(BinaryOp.XOR, this, o); }
    public Tensor logicalNot() { return Elementwise.binary(BinaryOp.EQ, this, 0); }
    /** {@code cond ? a : b}, elementwise with broadcasting. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Elementwise.where(cond, a, b); }
    public boolean allClose(Tensor o, double rtol, double atol) { return Elementwise.allClose(this, o, rtol, atol); }

    // in place: these write into this tensor's storage (also through views) and bump its version
    public Tensor add_(Tensor o) { return Elementwise.inPlace(BinaryOp.ADD, this, o); }
    public Tensor add_(double v) { return Elementwise.inPlace(BinaryOp.ADD, this, Elementwise.scalarLike(v, this)); }
    /** {@code this += alpha * o}. */
    public Tensor add_(Tensor o, double alpha) { return add_(o.mul(alpha)); }
    public Tensor sub_(Tensor o) { return Elementwise.inPlace(BinaryOp.SUB, this, o); }
    public Tensor mul_(Tensor o) { return Elementwise.inPlace(BinaryOp.MUL, this, o); }
    public Tensor mul_(double v) { return Elementwise.inPlace(BinaryOp.MUL, this, Elementwise.scalarLike(v, this)); }
    public Tensor div_(Tensor o) { return Elementwise.inPlace(BinaryOp.DIV, this, o); }
    public Tensor div_(double v) { return Elementwise.inPlace(BinaryOp.DIV, this, Elementwise.scalarLike(v, this)); }
    public Tensor clamp_(double min, double max) { return copy_(clamp(min, max)); }
    public Tensor relu_() { return copy_(relu()); }
    /** Copies {@code src} (broadcast to this shape, converted to this dtype) into this tensor. */
    public Tensor copy_(Tensor src) { return Elementwise.copyInto(this, src); }
    public Tensor fill_(double v) { return Elementwise.fill(this, v); }
    public Tensor zero_() { return fill_(0); }

    // ------------------------------------------------------------------ reductions

    public Tensor sum() { return Reduce.sum(this, null, false); }
    public Tensor sum(int dim) { return Reduce.sum(this, new int[]{dim}, false); }
    public Tensor sum(int[] dims, boolean keepdim) { return Reduce.sum(this, dims, keepdim); }
    public Tensor mean() { return Reduce.mean(this, null, false); }
    public Tensor mean(int dim) { return Reduce.mean(this, new int[]{dim}, false); }
    public Tensor mean(int[] dims, boolean keepdim) { return Reduce.mean(this, dims, keepdim); }
    public Tensor prod() { return Reduce.prod(this, null, false); }
    public Tensor prod(int[] dims, boolean keepdim) { return Reduce.prod(this, dims, keepdim); }
    /** Largest value over all elements. */
    public Tensor max() { return Reduce.amax(this, null, false); }
    public Tensor min() { return Reduce.amin(this, null, false); }
    /** Values and indices of the maximum along {@code dim}. */
    public Reduce.ValuesIndices max(int dim, boolean keepdim) { return Reduce.maxDim(this, dim, keepdim, true); }
    public Reduce.ValuesIndices min(int dim, boolean keepdim) { return Reduce.maxDim(this, dim, keepdim, false); }
    public Tensor amax(int[] dims, boolean keepdim) { return Reduce.amax(this, dims, keepdim); }
    public Tensor amin(int[] dims, boolean keepdim) { return Reduce.amin(this, dims, keepdim); }
    public Tensor argmax() { return Reduce.argmax(this, null, false, true); }
    public Tensor argmax(int dim, boolean keepdim) { return Reduce.argmax(this, dim, keepdim, true); }
    public Tensor argmin() { return Reduce.argmax(this, null, false, false); }
    public Tensor argmin(int dim, boolean keepdim) { return Reduce.argmax(this, dim, keepdim, false); }
    /** Variance with Bessel's correction (correction = 1), like PyTorch's default. */
    public Tensor var() { return Reduce.var(this, null, 1, false); }
    public Tensor var(int[] dims, int correction, boolean keepdim) { return Reduce.var(this, dims, correction, keepdim); }
    public Tensor std() { return Reduce.var(this, null, 1, false).sqrt(); }
    public Tensor std(int[] dims, int correction, boolean keepdim) { return Reduce.var(this, dims, correction, keepdim).sqrt(); }
    public Tensor logsumexp(int[] dims, boolean keepdim) { return Reduce.logsumexp(this, dims, keepdim); }
    /** The p-norm over all elements. */
    public Tensor norm(double p) { return Reduce.norm(this, p, null, false); }
    public Tensor norm(double p, int[] dims, boolean keepdim) { return Reduce.norm(this, p, dims, keepdim); }
    public Tensor norm() { return Reduce.norm(this, 2, null, false); }
    public Tensor all() { return Reduce.all(this, null, false); }
    public Tensor all(int[] dims, boolean keepdim) { return Reduce.all(this, dims, keepdim); }
    public Tensor any() { return Reduce.any(this, null, false); }
    public Tensor any(int[] dims, boolean keepdim) { return Reduce.any(this, dims, keepdim); }
    public Tensor cumsum(int dim) { return Reduce.cumsum(this, dim); }
    public Tensor softmax(int dim) { return Reduce.softmax(this, dim, false); }
    public Tensor logSoftmax(int dim) { return Reduce.softmax(this, dim, true); }

    // ------------------------------------------------------------------ movement (views where possible)

    /** Same data, new shape ({@code -1} inferred); a view when strides allow, else a copy. */
    public Tensor reshape(int... newShape) { return Movement.reshape(this, newShape); }
    /** Like {@link #reshape} but never copies: fails when the strides forbid a view. */
    public Tensor view(int... newShape) { return Movement.view(this, newShape); }
    public Tensor transpose(int d0, int d1) { return Movement.transpose(this, d0, d1); }
    /** Transpose of a matrix (rank &lt;= 2). */
    public Tensor t() { return Movement.t(this); }
    public Tensor permute(int... dims) { return Movement.permute(this, dims); }
    /** Python-style {@code x[..., start:end:step, ...]} along {@code dim}; negative bounds count from the end. */
    public Tensor slice(int dim, int start, int end, int step) { return Movement.slice(this, dim, start, end, step); }
    public Tensor slice(int dim, int start, int end) { return Movement.slice(this, dim, start, end, 1); }
    public Tensor narrow(int dim, int start, int length) { return Movement.narrow(this, dim, start, length); }
    /** The sub-tensor at {@code index} along {@code dim}, with that dim removed. */
    public Tensor select(int dim, int index) { return Movement.select(this, dim, index); }
    public Tensor expand(int... newShape) { return Movement.expand(this, newShape); }
    public Tensor broadcastTo(int... newShape) { return Movement.expand(this, newShape); }
    public Tensor squeeze() { return Movement.squeeze(this, null); }
    public Tensor squeeze(int dim) { return Movement.squeeze(this, dim); }
    public Tensor unsqueeze(int dim) { return Movement.unsqueeze(this, dim); }
    public Tensor flatten() { return Movement.flatten(this, 0, -1); }
    public Tensor flatten(int startDim, int endDim) { return Movement.flatten(this, startDim, endDim); }
    public Tensor unflatten(int dim, int... sizes) { return Movement.unflatten(this, dim, sizes); }
    /** This tensor if contiguous, else a contiguous copy (differentiable). */
    public Tensor contiguous() { return isContiguous() ? this : Movement.contiguous(this); }
    /** A contiguous copy that never shares memory with this tensor (differentiable). */
    public Tensor contiguousCopy() { return Movement.contiguous(this); }
    public Tensor clone() { return Movement.contiguous(this); }

    public static Tensor cat(int dim, Tensor... ts) { return Join.cat(dim, ts); }
    public static Tensor cat(int dim, List<Tensor> ts) { return Join.cat(dim, ts.toArray(new Tensor[0])); }
    public static Tensor stack(int dim, Tensor... ts) { return Join.stack(dim, ts); }
    public static Tensor stack(int dim, List<Tensor> ts) { return Join.stack(dim, ts.toArray(new Tensor[0])); }
    /** Pieces of {@code size} along {@code dim} (the last may be smaller); views. */
    public List<Tensor> split(int size, int dim) { return Join.split(this, size, dim); }
    public List<Tensor> split(int[] sizes, int dim) { return Join.split(this, sizes, dim); }
    public List<Tensor> chunk(int chunks, int dim) { return Join.chunk(this, chunks, dim); }

    // ------------------------------------------------------------------ linear algebra

    /** {@code torch.matmul}: 1-D operands promoted then squeezed, batch dims broadcast. */
    public Tensor matmul(Tensor o) { return LinAlg.matmul(this, o); }
    public Tensor dot(Tensor o) { return LinAlg.dot(this, o); }
    public Tensor outer(Tensor o) { return LinAlg.outer(this, o); }
    public static Tensor einsum(String equation, Tensor... operands) { return LinAlg.einsum(equation, operands); }

    // ------------------------------------------------------------------ indexing

    public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }
    /** {@code x[(:,)*dim, index]} with an integer tensor of any shape. */
    public Tensor index(int dim, Tensor index) { return Indexing.index(this, dim, index); }
    public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }
    public Tensor scatter(int dim, Tensor index, Tensor src) { return Indexing.scatter(this, dim, index, src, false); }
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return Indexing.scatter(this, dim, index, src, true); }
    public Tensor maskedFill(Tensor mask, double value) { return Indexing.maskedFill(this, mask, value); }
    public Tensor maskedSelect(Tensor mask) { return Indexing.maskedSelect(this, mask); }
    /** Elements at flat (row-major) indices. */
    public Tensor take(Tensor index) { return Indexing.take(this, index); }
    public Indexing.SortResult sort(int dim, boolean descending) { return Indexing.sort(this, dim, descending); }
    public Indexing.SortResult topk(int k, int dim, boolean largest, boolean sorted) { return Indexing.topk(this, k, dim, largest, sorted); }
    /** Pads the last dims: {@code pads} = (left, right) pairs starting from the last dim, like {@code F.pad}. */
    public Tensor pad(int[] pads, Indexing.PadMode mode, double value) { return Indexing.pad(this, pads, mode, value); }
    public Tensor pad(int... pads) { return Indexing.pad(this, pads, Indexing.PadMode.CONSTANT, 0); }
}
