namespace SparseSearch.Indexing;

/// <summary>What a user asks for (the <c>sparsesearch index</c> options); <see cref="IndexingJob.Open"/> turns it into a run.</summary>
public sealed record IndexingRequest
{
    /// <summary>Default sparse model folder (resolved with <see cref="ModelLocator"/>).</summary>
    public const string DefaultSparseModel = "onnx-models/splade-tiny";

    /// <summary>JSONL corpus to encode (exclusive with <see cref="PreEncoded"/>).</summary>
    public string? Corpus { get; init; }

    /// <summary>Anserini JsonVectorCollection file to import (exclusive with <see cref="Corpus"/>).</summary>
    public string? PreEncoded { get; init; }

    /// <summary>Dense vectors <c>{"id","vector":[...]}</c> joined by id to <see cref="PreEncoded"/>.</summary>
    public string? PreEncodedDense { get; init; }

    /// <summary>Index directory.</summary>
    public required string IndexDirectory { get; init; }

    /// <summary>Sparse model folder (for a pre-encoded import: only its tokenizer vocabulary is used); null or
    /// <see cref="NoModel"/> = no learned sparse field (a BM25-only index, with <see cref="Bm25"/>).</summary>
    public string? SparseModel { get; init; } = DefaultSparseModel;

    /// <summary>The value of <see cref="SparseModel"/> that means "no sparse model".</summary>
    public const string NoModel = "none";

    /// <summary>Add a BM25 text field (title + text through Lucene's English analyzer, k1 0.9, b 0.4).</summary>
    public bool Bm25 { get; init; }

    /// <summary>Optional dense model folder.</summary>
    public string? DenseModel { get; init; }

    /// <summary>Field names of the corpus.</summary>
    public CorpusFields Fields { get; init; } = CorpusFields.Beir;

    /// <summary>Encoder token budget per batch (0 = the encoder's default).</summary>
    public int BatchTokens { get; init; }

    /// <summary>ONNX Runtime intra-op threads (0 = one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Commit every N documents (0 = the pipeline default).</summary>
    public int CommitEvery { get; init; }

    /// <summary>Stop after N documents in this run (0 = all).</summary>
    public long Limit { get; init; }

    /// <summary>Rebuild an existing index from scratch.</summary>
    public bool Restart { get; init; }

    /// <summary>Explicit impact scale for a new index.</summary>
    public float? ImpactScale { get; init; }

    /// <summary>Encode without writing (benchmark baseline).</summary>
    public bool EncodeOnly { get; init; }

    /// <summary>Documents per chunk (0 = the pipeline default).</summary>
    public int ChunkDocuments { get; init; }

    /// <summary>Skip callback.</summary>
    public Action<SkippedLine>? OnSkipped { get; init; }
}
