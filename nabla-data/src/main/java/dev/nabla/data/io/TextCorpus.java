package dev.nabla.data.io;

import dev.nabla.data.DataFileException;
import dev.nabla.data.Dataset;
import dev.nabla.data.Example;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Plain-text corpora for language models: strict UTF-8 reading and fixed-length training windows.
 *
 * <pre>{@code
 * String text = TextCorpus.read(Path.of("shakespeare.txt"));
 * Vocabulary vocab = Vocabulary.chars(text);
 * Dataset<Example> windows = TextCorpus.windows(vocab.encode(text), 128, 64);  // input [128], target [128] int64
 * }</pre>
 */
public final class TextCorpus {
    private TextCorpus() {}

    /** The file as text; invalid UTF-8 is a {@link DataFileException} giving the byte offset. */
    public static String read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("TextCorpus: cannot read " + file + ": " + e.getMessage(), e);
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError())
            throw new DataFileException(file, "byte " + in.position(), "invalid UTF-8 (" + r + "); plain-text corpora must be UTF-8");
        dec.flush(out);
        return out.flip().toString();
    }

    /**
     * Windows over a token sequence: item k has input tokens[k*stride .. k*stride+length) and target the
     * same window shifted by one (next-token prediction), both int64 [length].
     */
    public static Dataset<Example> windows(int[] tokens, int length, int stride) {
        if (length < 1 || stride < 1) throw new IllegalArgumentException("TextCorpus.windows: length and stride must be >= 1, got " + length + " and " + stride);
        if (tokens.length < length + 1)
            throw new IllegalArgumentException("TextCorpus.windows: " + tokens.length + " tokens are too few for one window of " + length + " plus its next token");
        int n = (tokens.length - length - 1) / stride + 1;
        int[] t = tokens.clone();
        return Dataset.of(n, k -> {
            long[] x = new long[length], y = new long[length];
            int at = k * stride;
            for (int j = 0; j < length; j++) { x[j] = t[at + j]; y[j] = t[at + j + 1]; }
            return new Example(Tensor.of(x, length), Tensor.of(y, length));
        });
    }

}
