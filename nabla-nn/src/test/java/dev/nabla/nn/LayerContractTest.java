package dev.nabla.nn;

import dev.nabla.nn.layers.*;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;

import static dev.nabla.nn.LayerContract.of;
import static dev.nabla.nn.LayerContract.ofInputs;
import static dev.nabla.nn.LayerContract.withExempt;
import static dev.nabla.nn.LayerContract.s;
import static dev.nabla.nn.LayerContract.withTrainEvalDiff;

/** The layer contract ({@link LayerContract}) for the convolution, pooling, normalization and simple layers. */
class LayerContractTest {
    private static Generator g() { return new Generator(3); }

    static List<LayerContract.Case> cases() {
        return List.of(
                of("Linear", () -> new Linear(5, 3), s(4, 5), s(4, 3), 18),
                of("Conv1d", () -> new Conv1d(3, 4, 3), s(2, 3, 8), s(2, 4, 6), 40),
                of("Conv1d same, even kernel", () -> new Conv1d(3, 4, s(4), "same", s(1), 1, true, g()), s(2, 3, 7), s(2, 4, 7), 52),
                of("Conv2d pad 1", () -> new Conv2d(3, 4, 3, 1, 1), s(2, 3, 5, 5), s(2, 4, 5, 5), 112),
                of("Conv2d stride/dilation/groups", () -> new Conv2d(4, 6, s(3, 3), s(2, 2), s(2, 2), s(2, 2), 2, true, g()),
                        s(1, 4, 7, 7), s(1, 6, 4, 4), 114),
                of("Conv2d 1x1 no bias", () -> new Conv2d(3, 5, s(1, 1), s(1, 1), s(0, 0), s(1, 1), 1, false, g()), s(2, 3, 4, 4), s(2, 5, 4, 4), 15),
                of("Conv3d", () -> new Conv3d(2, 3, s(2, 2, 2), s(1, 1, 1), s(1, 0, 1), s(1, 1, 1), 1, true, g()), s(1, 2, 3, 4, 4),
                        s(1, 3, 4, 3, 5), 51),
                of("ConvTranspose1d", () -> new ConvTranspose1d(3, 2, 3, 2), s(2, 3, 4), s(2, 2, 9), 20),
                of("ConvTranspose2d groups/output_padding", () -> new ConvTranspose2d(4, 6, s(3, 3), s(2, 2), s(1, 1), s(1, 1), s(1, 1), 2, true, g()),
                        s(1, 4, 3, 3), s(1, 6, 6, 6), 114),
                of("MaxPool1d", () -> new MaxPool1d(2), s(2, 3, 8), s(2, 3, 4), 0),
                of("MaxPool2d ceil/pad", () -> new MaxPool2d(s(3, 3), s(2, 2), s(1, 1), s(1, 1), true), s(2, 3, 7, 7), s(2, 3, 4, 4), 0),
                of("AvgPool1d exclude pad", () -> new AvgPool1d(3, 2, 1, false, false), s(2, 3, 8), s(2, 3, 4), 0),
                of("AvgPool2d ceil", () -> new AvgPool2d(s(2, 2), null, s(1, 1), true, false, null), s(1, 2, 5, 5), s(1, 2, 3, 3), 0),
                of("AdaptiveAvgPool2d", () -> new AdaptiveAvgPool2d(3, 2), s(2, 3, 7, 5), s(2, 3, 3, 2), 0),
                of("GlobalAvgPool2d", GlobalAvgPool2d::new, s(2, 3, 4, 4), s(2, 3), 0),
                of("GlobalMaxPool2d", GlobalMaxPool2d::new, s(2, 3, 4, 4), s(2, 3), 0),
                withTrainEvalDiff(of("BatchNorm1d", () -> new BatchNorm1d(3), s(4, 3, 5), s(4, 3, 5), 6), true),
                withTrainEvalDiff(of("BatchNorm2d", () -> new BatchNorm2d(3), s(2, 3, 4, 4), s(2, 3, 4, 4), 6), true),
                of("LayerNorm", () -> new LayerNorm(3, 4), s(2, 3, 4), s(2, 3, 4), 24),
                of("GroupNorm", () -> new GroupNorm(2, 4), s(2, 4, 3, 3), s(2, 4, 3, 3), 8),
                of("RMSNorm", () -> new RMSNorm(4), s(2, 3, 4), s(2, 3, 4), 4),
                withTrainEvalDiff(of("Dropout", () -> new Dropout(0.5, g()), s(4, 8), s(4, 8), 0), false),
                withTrainEvalDiff(of("Dropout2d", () -> new Dropout2d(0.5, g()), s(4, 6, 3, 3), s(4, 6, 3, 3), 0), false),
                withExempt(ofInputs("Embedding padding_idx", () -> new Embedding(10, 4, 0, g()),
                        () -> new Tensor[]{Tensor.of(new long[]{1, 0, 9, 3, 3, 7}, 2, 3)}, (m, in) -> m.forward(in[0]), s(2, 3, 4), 40),
                        (leaf, k) -> leaf == 0 && k < 4),   // row 0 is padding: no gradient by definition
                of("Flatten", Flatten::new, s(2, 3, 4), s(2, 12), 0),
                of("Identity", Identity::new, s(2, 3), s(2, 3), 0),
                of("ReLU", ReLU::new, s(3, 5), s(3, 5), 0),
                of("LeakyReLU", () -> new LeakyReLU(0.1), s(3, 5), s(3, 5), 0),
                of("ELU", ELU::new, s(3, 5), s(3, 5), 0),
                of("GELU", GELU::new, s(3, 5), s(3, 5), 0),
                of("GELU tanh", () -> new GELU("tanh"), s(3, 5), s(3, 5), 0),
                of("SiLU", SiLU::new, s(3, 5), s(3, 5), 0),
                of("Tanh", Tanh::new, s(3, 5), s(3, 5), 0),
                of("Sigmoid", Sigmoid::new, s(3, 5), s(3, 5), 0),
                of("Softmax", () -> new Softmax(1), s(3, 5), s(3, 5), 0),
                of("LogSoftmax", () -> new LogSoftmax(-1), s(3, 5), s(3, 5), 0));
    }

    @TestFactory List<DynamicTest> contract() {
        return LayerContract.tests(cases());
    }
}
