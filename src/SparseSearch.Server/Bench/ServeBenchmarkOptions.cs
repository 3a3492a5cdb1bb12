namespace SparseSearch.Server.Bench;

/// <summary>Settings of <see cref="ServeBenchmark"/> (loopback only; bounded in time and in requests).</summary>
public sealed record ServeBenchmarkOptions
{
    /// <summary>BEIR folder (corpus.jsonl, queries.jsonl, encoded/ with the pre-encoded vectors).</summary>
    public required string DataFolder { get; init; }

    /// <summary>Folder of the default models (splade-tiny, all-MiniLM-L6-v2, opensearch-idf).</summary>
    public required string ModelsRoot { get; init; }

    /// <summary>Documents loaded from the pre-encoded vectors before the run; the rest of the corpus is bulk-indexed live.</summary>
    public int SeedDocuments { get; init; } = 4683;

    /// <summary>Concurrent search clients.</summary>
    public int Clients { get; init; } = 32;

    /// <summary>Measured run length.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Warm-up before measuring (searches only): JIT tiers, ONNX sessions, the thread pool growing to the load.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound on search requests in the measured run.</summary>
    public int MaxRequests { get; init; } = 200_000;

    /// <summary>Query mode the clients use.</summary>
    public string Mode { get; init; } = "sparse";

    /// <summary>Hits per search.</summary>
    public int K { get; init; } = 10;

    /// <summary>Documents per bulk request of the indexing client.</summary>
    public int BulkBatch { get; init; } = 8;

    /// <summary>Refresh interval of the server, in milliseconds.</summary>
    public int RefreshMs { get; init; } = 1000;

    /// <summary>Where the temporary index goes (deleted afterwards).</summary>
    public string? WorkFolder { get; init; }

    /// <summary>Progress lines.</summary>
    public Action<string>? Log { get; init; }
}
