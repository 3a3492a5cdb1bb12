using SparseSearch.Onnx;
using SparseSearch.Text;

namespace SparseSearch.Encoding;

/// <summary>
/// Dense sentence encoder: reads a pooled [batch, dimension] output, or pools [batch, sequence, dimension] token states
/// with [CLS] or the masked mean; unit-normalises when the manifest says <c>normalized</c>. Thread-safe.
/// </summary>
public sealed class DenseEncoder : IDisposable
{
    private readonly BatchRunner _runner;
    private readonly int _dimension;

    /// <summary>Wraps an opened dense model (and takes ownership of it).</summary>
    public DenseEncoder(EncoderModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Manifest.Kind != ModelKind.Dense)
            throw new ModelFormatException(Path.Combine(model.Folder, ModelManifest.FileName),
                $"{model.Folder} holds a {model.Manifest.Kind.ToString().ToLowerInvariant()} model; a dense encoder needs kind \"dense\".");
        Model = model;
        _dimension = model.Manifest.Dimension;
        _runner = new BatchRunner(model.Session, model.Manifest, model.Options, model.SpecialTokens.Pad);
    }

    /// <summary>Opens a dense model folder (see <see cref="EncoderModel.Open"/>).</summary>
    public static DenseEncoder Open(OrtEnvironment environment, string folder, EncoderOptions? options = null)
    {
        var model = EncoderModel.Open(environment, folder, options);
        try { return new DenseEncoder(model); }
        catch { model.Dispose(); throw; }
    }

    /// <summary>The model (with its tokenizer).</summary>
    public EncoderModel Model { get; }

    /// <summary>Vector size.</summary>
    public int Dimension => _dimension;

    /// <summary>Totals over every call.</summary>
    public EncoderCounters Counters { get; } = new();

    /// <summary>Encodes one text.</summary>
    public DenseEncoding Encode(string text) => Encode([text])[0];

    /// <summary>Encodes texts, tokenized to the maximum length ([SEP] kept last, cut texts flagged). Input order.</summary>
    public DenseEncoding[] Encode(IReadOnlyList<string> texts) =>
        Run(PreparedSequences.FromTexts(Model.Tokenizer, texts, Model.MaxLength));

    /// <summary>
    /// Encodes tokenizer output (for callers that tokenize elsewhere, e.g. on another thread); sequences over the
    /// maximum length are cut keeping [SEP] last. Results are in input order.
    /// </summary>
    public DenseEncoding[] EncodeTokenized(IReadOnlyList<TokenizedText> tokenized) =>
        Run(PreparedSequences.FromTokenized(tokenized, Model.MaxLength));

    /// <summary>Encodes one tokenized text.</summary>
    public DenseEncoding EncodeTokenIds(int[] tokenIds) => EncodeTokenIds([tokenIds])[0];

    /// <summary>Encodes tokenized texts (each with [CLS] … [SEP]), cutting long ones keeping [SEP] last. Input order.</summary>
    public DenseEncoding[] EncodeTokenIds(IReadOnlyList<int[]> tokenIds) =>
        Run(PreparedSequences.FromIds(tokenIds, Model.MaxLength));

    private DenseEncoding[] Run(PreparedSequences prepared)
    {
        var sequences = prepared.Sequences;
        int n = sequences.Length;
        var vectors = new float[n][];
        _runner.Run(sequences, int.MaxValue, () => 0, (batch, inputs, result, _) => Consume(batch, inputs, result, vectors));
        var encodings = new DenseEncoding[n];
        for (int i = 0; i < n; i++) encodings[i] = new DenseEncoding(vectors[i], sequences[i].Length, prepared.Truncated[i]);
        Counters.Add(n, prepared.Tokens, prepared.TruncatedCount);
        return encodings;
    }

    private void Consume(TokenBatch batch, BatchInputs inputs, OnnxRunResult result, float[][] vectors)
    {
        var output = result[0];
        var layout = Model.Manifest.DenseLayout;
        int h = _dimension, s = inputs.PaddedLength;
        long[] expected = layout == DenseOutputLayout.Pooled ? [batch.Size, h] : [batch.Size, s, h];
        if (!output.Shape.AsSpan().SequenceEqual(expected))
            throw new ModelFormatException(Model.Session.ModelPath,
                $"{Model.Session.ModelPath}: output \"{output.Name}\" came back as [{string.Join(",", output.Shape)}]; expected [{string.Join(",", expected)}].");
        var data = output.AsFloats();
        for (int b = 0; b < batch.Size; b++)
        {
            var vector = new float[h];
            switch (layout)
            {
                case DenseOutputLayout.Pooled:
                    data.Slice(b * h, h).CopyTo(vector);
                    break;
                case DenseOutputLayout.ClsPooling:
                    DensePooling.Cls(data.Slice(b * s * h, s * h), h, vector);
                    break;
                case DenseOutputLayout.MeanPooling:
                    DensePooling.Mean(data.Slice(b * s * h, s * h), h, inputs.MaskRow(b), vector);
                    break;
            }
            if (Model.Manifest.Normalized) DensePooling.L2Normalize(vector);
            vectors[batch.Indices[b]] = vector;
        }
    }

    /// <summary>Releases the model.</summary>
    public void Dispose() => Model.Dispose();
}
