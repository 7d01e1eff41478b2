/**
 * Data pipelines: datasets, loaders, transforms, file formats and a dataset catalog.
 *
 * <ul>
 *   <li>{@link dev.nabla.data.Dataset} (random access, known length) and {@link dev.nabla.data.StreamingDataset}
 *       (read in order, unknown length, larger than memory), with map / filter / concat / subset / randomSplit /
 *       shuffle buffer / take / skip / cache.</li>
 *   <li>{@link dev.nabla.data.DataLoader}: samplers ({@code dev.nabla.data.sampler}), worker threads with bounded
 *       prefetch, ordered output, {@link dev.nabla.data.Collate} into a {@link dev.nabla.data.Batch}.</li>
 *   <li>{@code dev.nabla.data.transforms}: normalize, random crop, flip, random affine, to-float, one-hot.</li>
 *   <li>{@code dev.nabla.data.io}: IDX, CSV, image folders, text corpora, memory-mapped arrays.</li>
 *   <li>{@code dev.nabla.data.catalog}: {@code FashionMNIST}, {@code MNIST}.</li>
 * </ul>
 *
 * <p>Training entry point:
 * <pre>{@code
 * import dev.nabla.data.*;
 * import dev.nabla.data.catalog.*;
 * import dev.nabla.data.transforms.*;
 *
 * Dataset<Example> train = FashionMNIST.load(Split.TRAIN, LoadOptions.defaults()); // [1,28,28] float32 pixel/255, int64 label
 * Dataset<Example> test  = FashionMNIST.load(Split.TEST, LoadOptions.defaults());
 * // No files? FashionMNIST.subset(Split.TRAIN) is 2,000 real images bundled in the jar.
 *
 * Transform<Example> augment = Transforms.onInput(Transforms.compose(
 *         new RandomCrop(28, 2), new HorizontalFlip(0.5), new Normalize(FashionMNIST.MEAN, FashionMNIST.STD)));
 * DataLoader<Example, Batch> loader = DataLoader.of(train.augment(1, augment))
 *         .batchSize(128).shuffle(true).seed(42).dropLast(true).workers(2).build();
 *
 * for (int epoch = 0; epoch < 5; epoch++)
 *     for (Batch b : loader) {            // each pass is the next epoch
 *         Tensor x = b.inputs();          // [128, 1, 28, 28] float32
 *         Tensor y = b.targets();         // [128] int64
 *         ...
 *     }
 * }</pre>
 * Breaking out of the loop early is safe (idle workers exit within a second); use
 * {@code try (var epoch = loader.epoch(e)) { ... }} to stop them at once.
 */
package dev.nabla.data;
