package dev.nabla.nn.functional;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/**
 * Class-index targets of a classification loss, checked once: for each element the class (0 for
 * ignored ones, so it can be gathered safely), its weight {@code weight[target]} (0 when ignored),
 * whether it is ignored; the weight sum and count over the non-ignored elements.
 */
record ClassTargets(long[] classes, double[] weights, boolean[] ignored, double weightSum, int count) {

    /**
     * @param op          the loss, for errors
     * @param input       logits or log-probabilities [N, C, d...] or [C]
     * @param target      int64/int32 class indices [N, d...] or []
     * @param weight      per-class weights [C], or null
     */
    static ClassTargets of(String op, Tensor input, Tensor target, Tensor weight, long ignoreIndex) {
        if (target.dtype() != DType.INT64 && target.dtype() != DType.INT32)
            throw new IllegalArgumentException(op + ": class targets must be int64 (or int32), got " + target.dtype()
                    + "; float targets of the input's shape are class probabilities");
        int[] is = input.shapeRef(), ts = target.shapeRef();
        boolean ok = input.dim() == 1 ? target.dim() == 0 : input.dim() >= 2 && ts.length == is.length - 1 && ts[0] == is[0];
        for (int k = 2; ok && k < is.length; k++) ok = ts[k - 1] == is[k];
        if (!ok)
            throw new IllegalArgumentException(op + ": target of shape " + Shapes.str(ts) + " does not fit input of shape "
                    + Shapes.str(is) + " (want input [N, C, d...] with target [N, d...], or input [C] with a scalar target)");
        int c = input.dim() == 1 ? is[0] : is[1];
        float[] w = null;
        if (weight != null) {
            if (weight.dim() != 1 || weight.size(0) != c)
                throw new IllegalArgumentException(op + ": weight of shape " + Shapes.str(weight.shapeRef()) + " must be [C] = [" + c + "]");
            w = weight.toFloatArray();
        }
        long[] t = target.toLongArray();
        double[] wt = new double[t.length];
        boolean[] ignored = new boolean[t.length];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == ignoreIndex) { t[i] = 0; ignored[i] = true; continue; }
            count++;
            if (t[i] < 0 || t[i] >= c)
                throw new IndexOutOfBoundsException(op + ": target " + t[i] + " at position " + i + " is out of bounds for "
                        + c + " classes (valid: 0.." + (c - 1) + ", or ignore_index " + ignoreIndex + ")");
            wt[i] = w == null ? 1 : w[(int) t[i]];
            sum += wt[i];
        }
        return new ClassTargets(t, wt, ignored, sum, count);
    }
}
