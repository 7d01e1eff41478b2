package dev.nabla.data.catalog;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;

/**
 * MNIST handwritten digits (LeCun et al.): 60,000 training and 10,000 test 28x28 grayscale images,
 * labels 0-9. Same item format and search order as {@link FashionMNIST}, folder name {@code mnist}.
 */
public final class MNIST {
    private MNIST() {}

    public static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /**
     * The catalog entry. Checksums are the MD5 of the published .gz files (as listed by the common
     * mirrors); they are checked on download and on .gz files found locally. Uncompressed copies cannot be
     * checked against them and are only validated structurally (IDX header, sizes, label range).
     */
    public static final MnistFamily SPEC = new MnistFamily("mnist", "MNIST", null,
            List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"), URI.create("http://yann.lecun.com/exdb/mnist/")),
            List.of(new MnistFamily.FileEntry("train-images-idx3-ubyte.gz", Checksum.md5("f68b3c2dcbeaaa9fbdd348bbdeb94873")),
                    new MnistFamily.FileEntry("train-labels-idx1-ubyte.gz", Checksum.md5("d53e105ee54ea40749a09fcbcd1e9432")),
                    new MnistFamily.FileEntry("t10k-images-idx3-ubyte.gz", Checksum.md5("9fb629c4189551a2d022fa330f9573f3")),
                    new MnistFamily.FileEntry("t10k-labels-idx1-ubyte.gz", Checksum.md5("ec29112dd5afa0611ce80d1b7f02629c"))),
            CLASSES, null);

    public static IdxImageDataset load(Split split, LoadOptions options) { return SPEC.load(split, options, System.err); }

    public static IdxImageDataset load(Split split, LoadOptions options, PrintStream log) { return SPEC.load(split, options, log); }
}
