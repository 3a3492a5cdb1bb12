using SparseSearch.Index;

namespace SparseSearch.Indexing;

/// <summary>Everything one bulk indexing run needs. The CLI builds this from its options; tests build it directly.</summary>
public sealed record IndexingOptions
{
    /// <summary>The input (a JSONL corpus or a pre-encoded vector file).</summary>
    public required IDocumentSource Source { get; init; }

    /// <summary>"corpus" or "pre-encoded" (recorded so a rerun with the other kind is refused).</summary>
    public required string InputKind { get; init; }

    /// <summary>Index directory (created if missing).</summary>
    public required string IndexDirectory { get; init; }

    /// <summary>Field builders run on every chunk, in order (sparse first).</summary>
    public required IReadOnlyList<IDocumentFieldBuilder> Builders { get; init; }

    /// <summary>Identity of the sparse vectors' model (recorded and checked on resume); null = no learned sparse field
    /// (a BM25-only index).</summary>
    public required ModelIdentity? SparseModel { get; init; }

    /// <summary>The BM25 text field of a new index (null = none); a resumed index must agree.</summary>
    public Bm25FieldSchema? Bm25 { get; init; }

    /// <summary>Identity of the dense model, if the index has a dense field.</summary>
    public ModelIdentity? DenseModel { get; init; }

    /// <summary>Dense dimension (0 without a dense field).</summary>
    public int DenseDimension { get; init; }

    /// <summary>Impact scale for a new index; null = chosen by the rule in <see cref="ImpactScales"/> (first chunk × headroom).</summary>
    public float? ImpactScale { get; init; }

    /// <summary>Documents per chunk handed to the encoders (they sort and batch by tokens inside).</summary>
    public int ChunkDocuments { get; init; } = 256;

    /// <summary>Upper bound on a chunk's characters, so a run of huge documents cannot fill memory.</summary>
    public long ChunkMaxChars { get; init; } = 16L << 20;

    /// <summary>Chunks queued between stages (bounded channels: reader → encoders → writer).</summary>
    public int QueueChunks { get; init; } = 2;

    /// <summary>Commit after at least this many documents since the last commit (at a chunk boundary).</summary>
    public int CommitEveryDocuments { get; init; } = 2000;

    /// <summary>Also commit when this much time has passed since the last commit (at a chunk boundary).</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Stop after reading this many documents in this run (0 = no limit); a rerun continues after them.</summary>
    public long Limit { get; init; }

    /// <summary>Delete an existing index in the directory and start over (needed when the input or model changed).</summary>
    public bool Restart { get; init; }

    /// <summary>Run the reader and encoders but write nothing (benchmark baseline).</summary>
    public bool EncodeOnly { get; init; }

    /// <summary>Index writer settings.</summary>
    public IndexWriterOptions? WriterOptions { get; init; }

    /// <summary>Called (on the writer stage) for each skipped line once its chunk is committed-bound; keep it cheap.</summary>
    public Action<SkippedLine>? OnSkipped { get; init; }

    /// <summary>Skipped lines kept in the report (all are counted; the callback sees every one).</summary>
    public int MaxReportedSkips { get; init; } = 1000;
}
