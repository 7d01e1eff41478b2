package dev.nabla.data.catalog;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 70,000 28x28 grayscale images of clothing in 10
 * classes, 60,000 for training and 10,000 for testing. Items are [1, 28, 28] float32 images with
 * pixel/255 and scalar int64 labels.
 *
 * <p>{@link #load} looks in {@link LoadOptions#dataDirs()}, the download cache, and
 * {@code /usr/share/datasets/fashion-mnist} (Debian: {@code apt-get install dataset-fashion-mnist}),
 * then downloads into the cache with checksum verification. {@link #subset} needs no files at all:
 * the first 2,000 training and 500 test images ship inside Nabla.
 */
public final class FashionMNIST {
    private FashionMNIST() {}

    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Mean and standard deviation of pixel/255 over the training set, for {@code Normalize}. */
    public static final double MEAN = 0.2860406, STD = 0.3530242;

    /** The catalog entry. Checksums are SHA-256 of the decompressed IDX files, so recompressed copies verify too. */
    public static final MnistFamily SPEC = new MnistFamily("fashion-mnist", "Fashion-MNIST", "dataset-fashion-mnist",
            List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
            List.of(new MnistFamily.FileEntry("train-images-idx3-ubyte.gz", Checksum.gunzippedSha256("c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888")),
                    new MnistFamily.FileEntry("train-labels-idx1-ubyte.gz", Checksum.gunzippedSha256("bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9")),
                    new MnistFamily.FileEntry("t10k-images-idx3-ubyte.gz", Checksum.gunzippedSha256("5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b")),
                    new MnistFamily.FileEntry("t10k-labels-idx1-ubyte.gz", Checksum.gunzippedSha256("0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"))),
            CLASSES, "/dev/nabla/data/fashion-mnist-subset");

    /** The full split; see the class comment for where it is looked for. Progress goes to stderr. */
    public static IdxImageDataset load(Split split, LoadOptions options) { return SPEC.load(split, options, System.err); }

    public static IdxImageDataset load(Split split, LoadOptions options, PrintStream log) { return SPEC.load(split, options, log); }

    /** The bundled real subset: the first 2,000 training or first 500 test images of Fashion-MNIST. */
    public static IdxImageDataset subset(Split split) { return SPEC.bundled(split); }
}
