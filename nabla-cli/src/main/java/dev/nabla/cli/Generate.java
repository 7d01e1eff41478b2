package dev.nabla.cli;

import dev.nabla.data.io.Vocabulary;
import dev.nabla.tensor.Generator;

/** Text from a character language model. */
final class Generate {
    private Generate() {}

    /** The prompt followed by {@code length} sampled characters. */
    static String sample(Models.CharLstm model, Vocabulary vocab, String prompt, int length, double temperature, Generator g) {
        int[] ids = vocab.encode(prompt);
        if (ids.length == 0) throw new IllegalArgumentException("generate: the prompt is empty");
        int[] out = model.generate(ids, length, temperature, g);
        return prompt + vocab.decode(out).replace(Vocabulary.UNK, "?");
    }
}
