using SparseSearch.Text;

namespace SparseSearch.Indexing;

/// <summary>
/// The loop shared by the model-backed field builders: tokenize a chunk once, run the model over token-budgeted,
/// length-sorted slices (a few encoder batches each: enough to fill the encoder's parallel runs, short enough for a
/// prompt Ctrl-C), and hand each document its encoding.
/// </summary>
internal sealed class ModelFieldRunner(WordPieceTokenizer tokenizer, int maxLength, long tokensPerSlice)
{
    /// <summary>Slice size for an encoder with <paramref name="tokenBudget"/> tokens per batch and <paramref name="parallelism"/> runs.</summary>
    public static long SliceTokens(int tokenBudget, int parallelism) => (long)tokenBudget * Math.Max(2, parallelism * 2);

    /// <summary>Encodes every document's title + text and stores the result with <paramref name="store"/>.</summary>
    /// <param name="encode">Runs the model over token-id sequences, results in input order.</param>
    /// <param name="store">Stores one document's encoding; returns whether the model truncated it.</param>
    public void Run<T>(IReadOnlyList<SourceDocument> documents, DocumentFields[] fields, Func<int[][], T[]> encode,
        Func<DocumentFields, T, bool> store, CancellationToken cancellation)
    {
        var texts = new string[documents.Count];
        for (int i = 0; i < texts.Length; i++) texts[i] = documents[i].FullText;
        var tokenized = tokenizer.EncodeBatch(texts, maxLength);
        var sequences = new int[tokenized.Length][];
        for (int i = 0; i < sequences.Length; i++) sequences[i] = tokenized[i].Ids;
        foreach (var slice in ModelRunSlices.Plan(sequences, tokensPerSlice))
        {
            cancellation.ThrowIfCancellationRequested();
            var input = new int[slice.Length][];
            for (int k = 0; k < slice.Length; k++) input[k] = sequences[slice[k]];
            var encodings = encode(input);
            for (int k = 0; k < slice.Length; k++)
            {
                var f = fields[slice[k]];
                bool modelTruncated = store(f, encodings[k]);
                f.Truncated |= tokenized[slice[k]].Truncated || modelTruncated;
            }
        }
    }
}
