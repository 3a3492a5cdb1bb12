using SparseSearch.Onnx;
using SparseSearch.Text;

namespace SparseSearch.Encoding;

/// <summary>
/// SPLADE-family sparse encoder for documents and (siamese) queries. Handles the three output layouts of
/// <see cref="SparseOutputLayout"/>; drops the special tokens; applies the options' min-weight and top-k pruning.
/// Thread-safe: concurrent calls share the session.
/// </summary>
public sealed class SpladeEncoder : IDisposable
{
    private readonly BatchRunner _runner;
    private readonly int _vocab;
    private readonly int _indexRank;

    /// <summary>Wraps an opened sparse model (and takes ownership of it); special tokens come from its tokenizer.</summary>
    public SpladeEncoder(EncoderModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Manifest.Kind != ModelKind.Sparse)
            throw new ModelFormatException(Path.Combine(model.Folder, ModelManifest.FileName),
                $"{model.Folder} holds a {model.Manifest.Kind.ToString().ToLowerInvariant()} model; a sparse encoder needs kind \"sparse\".");
        Model = model;
        _vocab = model.Manifest.VocabSize;
        _runner = new BatchRunner(model.Session, model.Manifest, model.Options, model.SpecialTokens.Pad);
        if (model.Manifest.SparseLayout == SparseOutputLayout.IndexWeightPairs)
        {
            foreach (var o in model.Session.Outputs)
                if (o.Name == model.Manifest.IndicesOutput) _indexRank = o.Rank;
        }
    }

    /// <summary>Opens a sparse model folder (see <see cref="EncoderModel.Open"/>).</summary>
    public static SpladeEncoder Open(OrtEnvironment environment, string folder, EncoderOptions? options = null)
    {
        var model = EncoderModel.Open(environment, folder, options);
        try { return new SpladeEncoder(model); }
        catch { model.Dispose(); throw; }
    }

    /// <summary>The model (with its tokenizer).</summary>
    public EncoderModel Model { get; }

    /// <summary>The special tokens dropped from every vector.</summary>
    public SpecialTokenIds SpecialTokens => Model.SpecialTokens;

    /// <summary>Totals over every call (texts, tokens, truncated texts).</summary>
    public EncoderCounters Counters { get; } = new();

    /// <summary>Encodes one text (document or query).</summary>
    public SparseEncoding Encode(string text) => Encode([text])[0];

    /// <summary>
    /// Encodes texts: tokenized to the maximum length ([SEP] kept last, cut texts flagged and counted), run in
    /// length-sorted batches, results in input order. An empty text gives the model's output for [CLS] [SEP].
    /// </summary>
    public SparseEncoding[] Encode(IReadOnlyList<string> texts) =>
        Run(PreparedSequences.FromTexts(Model.Tokenizer, texts, Model.MaxLength));

    /// <summary>
    /// Encodes tokenizer output (for callers that tokenize elsewhere, e.g. on another thread); sequences over the
    /// maximum length are cut keeping [SEP] last. Results are in input order.
    /// </summary>
    public SparseEncoding[] EncodeTokenized(IReadOnlyList<TokenizedText> tokenized) =>
        Run(PreparedSequences.FromTokenized(tokenized, Model.MaxLength));

    /// <summary>Encodes one tokenized text.</summary>
    public SparseEncoding EncodeTokenIds(int[] tokenIds) => EncodeTokenIds([tokenIds])[0];

    /// <summary>
    /// Encodes tokenized texts (each with its [CLS] … [SEP]); sequences longer than the maximum length are cut keeping
    /// [SEP] last and flagged. Results are in input order.
    /// </summary>
    public SparseEncoding[] EncodeTokenIds(IReadOnlyList<int[]> tokenIds) =>
        Run(PreparedSequences.FromIds(tokenIds, Model.MaxLength));

    private SparseEncoding[] Run(PreparedSequences prepared)
    {
        var sequences = prepared.Sequences;
        int n = sequences.Length;
        var vectors = new SparseVector[n];
        var options = Model.Options;
        int maxBatch = Model.Manifest.SparseLayout == SparseOutputLayout.IndexWeightPairs && _indexRank == 1 ? 1 : int.MaxValue;
        _runner.Run(sequences, maxBatch,
            () => new Scratch(new SparseTermSelector(_vocab, SpecialTokens, options.MinWeight, options.TopK), _vocab),
            (batch, inputs, result, scratch) => Consume(batch, inputs, result, scratch, vectors));

        var encodings = new SparseEncoding[n];
        for (int i = 0; i < n; i++) encodings[i] = new SparseEncoding(vectors[i], sequences[i].Length, prepared.Truncated[i]);
        Counters.Add(n, prepared.Tokens, prepared.TruncatedCount);
        return encodings;
    }

    private sealed class Scratch(SparseTermSelector selector, int vocab)
    {
        public SparseTermSelector Selector { get; } = selector;
        public float[] Row { get; } = new float[vocab];
    }

    private void Consume(TokenBatch batch, BatchInputs inputs, OnnxRunResult result, Scratch scratch, SparseVector[] vectors)
    {
        var manifest = Model.Manifest;
        switch (manifest.SparseLayout)
        {
            case SparseOutputLayout.PooledWeights:
            {
                var output = result[0];
                ExpectShape(output, [batch.Size, _vocab]);
                var data = output.AsFloats();
                for (int b = 0; b < batch.Size; b++)
                    vectors[batch.Indices[b]] = scratch.Selector.Select(data.Slice(b * _vocab, _vocab));
                break;
            }
            case SparseOutputLayout.MlmLogits:
            {
                var output = result[0];
                int s = inputs.PaddedLength;
                ExpectShape(output, [batch.Size, s, _vocab]);
                var data = output.AsFloats();
                long perText = (long)s * _vocab;
                for (int b = 0; b < batch.Size; b++)
                {
                    SpladePooling.MaxLogSaturation(data.Slice((int)(b * perText), (int)perText), _vocab, inputs.MaskRow(b), scratch.Row);
                    vectors[batch.Indices[b]] = scratch.Selector.Select(scratch.Row);
                }
                break;
            }
            case SparseOutputLayout.IndexWeightPairs:
            {
                var idx = result[0];
                var weights = result[1];
                if (idx.Shape.Length != weights.Shape.Length || idx.ElementCount != weights.ElementCount)
                    throw new ModelFormatException(Model.Session.ModelPath,
                        $"{Model.Session.ModelPath}: outputs \"{idx.Name}\" [{string.Join(",", idx.Shape)}] and \"{weights.Name}\" [{string.Join(",", weights.Shape)}] do not pair up.");
                int perText = idx.Shape.Length == 1 ? (int)idx.ElementCount : (int)idx.Shape[1];
                if (idx.Shape.Length == 2 && idx.Shape[0] != batch.Size)
                    throw new ModelFormatException(Model.Session.ModelPath, $"{Model.Session.ModelPath}: output \"{idx.Name}\" has {idx.Shape[0]} rows for a batch of {batch.Size}.");
                var ids = idx.AsInt64s();
                var w = weights.AsFloats();
                for (int b = 0; b < batch.Size; b++)
                {
                    var row = scratch.Row.AsSpan();
                    row.Clear();
                    var rowIds = ids.Slice(b * perText, perText);
                    var rowWeights = w.Slice(b * perText, perText);
                    for (int k = 0; k < perText; k++)
                    {
                        long id = rowIds[k];
                        // Negative ids and non-positive weights are padding; a repeated id keeps its largest weight.
                        if ((ulong)id < (ulong)_vocab && rowWeights[k] > row[(int)id]) row[(int)id] = rowWeights[k];
                    }
                    vectors[batch.Indices[b]] = scratch.Selector.Select(row);
                }
                break;
            }
        }
    }

    private void ExpectShape(OnnxTensorOutput output, long[] expected)
    {
        if (!output.Shape.AsSpan().SequenceEqual(expected))
            throw new ModelFormatException(Model.Session.ModelPath,
                $"{Model.Session.ModelPath}: output \"{output.Name}\" came back as [{string.Join(",", output.Shape)}]; expected [{string.Join(",", expected)}].");
    }

    /// <summary>Releases the model.</summary>
    public void Dispose() => Model.Dispose();
}
