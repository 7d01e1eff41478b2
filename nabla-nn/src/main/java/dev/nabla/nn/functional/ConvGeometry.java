package dev.nabla.nn.functional;

/**
 * The geometry of one convolution, always in three spatial dims (conv1d and conv2d use size-1
 * leading dims). It describes the map from "X space" {@code [n, c, in...]} to "Y space"
 * {@code [n, co, out...]} with a weight {@code [co, c/groups, k...]}; a transposed convolution is
 * the adjoint of such a map, so it shares the geometry with X and Y swapped in meaning.
 */
record ConvGeometry(int n, int c, int co, int groups, int[] in, int[] k, int[] out,
                    int[] stride, int[] pad, int[] dil) {

    int cg() { return c / groups; }
    int cog() { return co / groups; }
    int kernelVolume() { return k[0] * k[1] * k[2]; }
    int inVolume() { return in[0] * in[1] * in[2]; }
    int outVolume() { return out[0] * out[1] * out[2]; }

    int[] xShape() { return new int[]{n, c, in[0], in[1], in[2]}; }
    int[] yShape() { return new int[]{n, co, out[0], out[1], out[2]}; }
    int[] wShape() { return new int[]{co, cg(), k[0], k[1], k[2]}; }

    /** The same geometry for the batch size of the tensor at hand (checked once by the caller). */
    ConvGeometry withBatch(int batch) { return new ConvGeometry(batch, c, co, groups, in, k, out, stride, pad, dil); }

    /** True when im2col would be the identity (1x1 kernel, stride 1, no padding): the GEMM reads X directly. */
    boolean pointwise() {
        for (int d = 0; d < 3; d++) if (k[d] != 1 || stride[d] != 1 || pad[d] != 0) return false;
        return true;
    }

    /** Output length of a convolution along one dim; may be <= 0 when the kernel does not fit. */
    static int outSize(int in, int k, int stride, int pad, int dil) {
        return Math.floorDiv(in + 2 * pad - dil * (k - 1) - 1, stride) + 1;
    }
}
