package dev.nabla.tensor;

/**
 * Element types. {@link #FLOAT32} is the workhorse; {@link #BFLOAT16} and {@link #FLOAT16} are
 * storage formats whose arithmetic widens to float32.
 */
public enum DType {
    FLOAT32("float32", 4, true),
    FLOAT64("float64", 8, true),
    INT32("int32", 4, false),
    INT64("int64", 8, false),
    BOOL("bool", 1, false),
    BFLOAT16("bfloat16", 2, true),
    FLOAT16("float16", 2, true);

    private final String label;
    private final int byteSize;
    private final boolean floating;

    DType(String label, int byteSize, boolean floating) {
        this.label = label;
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** The name PyTorch and NumPy use, e.g. {@code float32}. */
    public String label() { return label; }

    public int byteSize() { return byteSize; }

    public boolean isFloating() { return floating; }

    public boolean isIntegral() { return this == INT32 || this == INT64; }

    /** Parses a PyTorch/NumPy dtype name such as {@code float32} or {@code int64}. */
    public static DType parse(String name) {
        for (DType d : values()) if (d.label.equals(name)) return d;
        return switch (name) {
            case "float", "f32" -> FLOAT32;
            case "double", "f64" -> FLOAT64;
            case "int", "i32" -> INT32;
            case "long", "i64" -> INT64;
            case "half", "f16" -> FLOAT16;
            case "bf16" -> BFLOAT16;
            default -> throw new IllegalArgumentException("unknown dtype '" + name + "' (valid: float32, float64, int32, int64, bool, bfloat16, float16)");
        };
    }

    private int rank() {
        return switch (this) {
            case BOOL -> 0;
            case INT32 -> 1;
            case INT64 -> 2;
            case FLOAT16, BFLOAT16 -> 3;
            case FLOAT32 -> 4;
            case FLOAT64 -> 5;
        };
    }

    /** PyTorch's promotion of two tensor dtypes: bool &lt; int32 &lt; int64 &lt; half &lt; float32 &lt; float64. */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if ((a == BFLOAT16 && b == FLOAT16) || (a == FLOAT16 && b == BFLOAT16)) return FLOAT32;
        return a.rank() >= b.rank() ? a : b;
    }

    /** The dtype a floating-only op (exp, mean, division) computes in for this input. */
    public DType toFloating() { return floating ? this : FLOAT32; }

    @Override public String toString() { return label; }
}
