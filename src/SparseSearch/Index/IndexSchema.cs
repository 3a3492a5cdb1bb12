namespace SparseSearch.Index;

/// <summary>
/// What an index holds, fixed at creation and recorded in every commit: the sparse vocabulary size (term ids are
/// model vocabulary ids below it), the sparse model that produced the vectors (name + checksum, so a query model with
/// another vocabulary can be refused), an optional dense field dimension, and the impact quantisation scale.
/// </summary>
/// <remarks>
/// <para><b>One global quantisation scale per index.</b> A weight <c>w</c> is stored as the u8 impact
/// <c>round(w / ImpactScale)</c> (saturating at 255; zero impacts are dropped), and a document's score for query
/// weights <c>q</c> is <c>ImpactScale · Σ q_t · impact_t</c>. With one scale for every segment, scores of different
/// segments are directly comparable (the top-k merge across segments is a plain comparison) and merging segments
/// copies impacts byte for byte (no re-quantisation, so a merge never changes a score). A per-segment scale would make
/// merges lossy and scores of the same document change with the merge history.</para>
/// <para>When <see cref="ImpactScale"/> is null the writer fixes it at the first flush to <c>max weight / 255</c> of
/// the documents buffered then, and records it; later weights above <c>255 · scale</c> saturate at 255 (counted in
/// <see cref="IndexWriter.SaturatedWeights"/>). Callers who know their model's weight range should set it.</para>
/// <para>The BM25 field (<see cref="Bm25"/>) has its own segment files (Index/Bm25) listed per segment in the commit.</para>
/// </remarks>
public sealed record IndexSchema
{
    /// <summary>Number of terms in the sparse model's vocabulary; every term id must be below it.</summary>
    public required int VocabSize { get; init; }

    /// <summary>Name of the sparse model (free text, e.g. "splade-tiny").</summary>
    public string? SparseModel { get; init; }

    /// <summary>Checksum of the sparse model's vocabulary or files, as the caller computes it.</summary>
    public string? SparseModelChecksum { get; init; }

    /// <summary>Dimension of the optional dense vector field; 0 = no dense field.</summary>
    public int DenseDimension { get; init; }

    /// <summary>Name of the dense model, if any.</summary>
    public string? DenseModel { get; init; }

    /// <summary>Impact quantisation step (weight per impact unit); null = chosen at the first flush.</summary>
    public float? ImpactScale { get; init; }

    /// <summary>The optional BM25 text field over title + text; null = none. With it, <see cref="VocabSize"/> may be 0
    /// (a BM25-only index whose documents carry <see cref="SparseSearch.Encoding.SparseVector.Empty"/>).</summary>
    public Bm25FieldSchema? Bm25 { get; init; }

    internal void Validate()
    {
        if (VocabSize < 0 || (VocabSize == 0 && Bm25 is null))
            throw new ArgumentException($"VocabSize must be positive (or 0 for a BM25-only index), got {VocabSize}.");
        Bm25?.Validate();
        if (DenseDimension < 0)
            throw new ArgumentException($"DenseDimension must be >= 0, got {DenseDimension}.");
        if (ImpactScale is { } s && (!float.IsFinite(s) || s <= 0f))
            throw new ArgumentException($"ImpactScale must be a positive finite number, got {s}.");
    }
}

/// <summary>A document to index.</summary>
/// <param name="Id">External id (non-empty string); upserting an existing id replaces that document.</param>
/// <param name="Sparse">Sparse vector over the schema's vocabulary (non-negative finite weights).</param>
/// <param name="Title">Stored title, optional.</param>
/// <param name="Text">Stored text, optional.</param>
/// <param name="Metadata">Stored JSON metadata (any string; the index does not parse it), optional.</param>
/// <param name="Dense">Dense vector of the schema's dimension, optional.</param>
public sealed record IndexDocument(
    string Id,
    SparseSearch.Encoding.SparseVector Sparse,
    string? Title = null,
    string? Text = null,
    string? Metadata = null,
    float[]? Dense = null)
{
    /// <summary>The analysed BM25 field (see <see cref="Bm25FieldSchema.Analyze"/>), when the caller analysed it in
    /// parallel; null = the writer analyses <see cref="Title"/> + <see cref="Text"/> itself (outside its lock).</summary>
    public SparseSearch.Encoding.Bm25.TermFrequencies? Bm25Terms { get; init; }
}

/// <summary>Stored fields of one document.</summary>
public sealed record StoredDocument(string Id, string? Title, string? Text, string? Metadata);

/// <summary>Weight ↔ u8 impact conversion shared by the writer, the searchers and test oracles.</summary>
public static class ImpactQuantizer
{
    /// <summary><c>round(weight / scale)</c>, half away from zero, saturating at 255.</summary>
    public static byte Quantize(float weight, float scale)
    {
        float q = MathF.Round(weight / scale, MidpointRounding.AwayFromZero);
        return q >= 255f ? (byte)255 : q <= 0f ? (byte)0 : (byte)q;
    }

    /// <summary>The weight an impact stands for.</summary>
    public static float Dequantize(byte impact, float scale) => impact * scale;
}
