namespace SparseSearch.Server;

/// <summary>
/// The server's settings, bound from the configuration section <c>SparseSearch</c> (command line
/// <c>--SparseSearch:IndexDirectory=DIR</c>, environment <c>SparseSearch__IndexDirectory</c>, appsettings). The index
/// path is fixed here at startup; no request can name another.
/// </summary>
public sealed class ServerSettings
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "SparseSearch";

    /// <summary>The index directory served (required).</summary>
    public string? IndexDirectory { get; set; }

    /// <summary>Create the index (with <see cref="ModelsRoot"/>'s splade-tiny, plus all-MiniLM-L6-v2 when present) if missing.</summary>
    public bool CreateIfMissing { get; set; }

    /// <summary>Folder of the default models; default: <c>onnx-models</c> found above the program.</summary>
    public string? ModelsRoot { get; set; }

    /// <summary>File holding the API key (first line). Takes precedence over <see cref="ApiKeyEnvironmentVariable"/>.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>Environment variable holding the API key.</summary>
    public string ApiKeyEnvironmentVariable { get; set; } = "SPARSESEARCH_API_KEY";

    /// <summary>Whether searches, gets and stats need the key too (writes always do).</summary>
    public bool RequireKeyForReads { get; set; }

    /// <summary>Largest request body, in bytes (413 above).</summary>
    public long MaxRequestBodyBytes { get; set; } = 16L << 20;

    /// <summary>Most documents in one bulk request.</summary>
    public int MaxBatchDocuments { get; set; } = 1000;

    /// <summary>Largest k.</summary>
    public int MaxK { get; set; } = 1000;

    /// <summary>Largest hybrid candidate depth.</summary>
    public int MaxCandidateDepth { get; set; } = 10_000;

    /// <summary>Longest query, in characters.</summary>
    public int MaxQueryChars { get; set; } = 2048;

    /// <summary>Request timeout, in seconds.</summary>
    public double RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>Refresh interval, in milliseconds (0 = only on POST /v1/refresh or /v1/commit).</summary>
    public int RefreshIntervalMs { get; set; } = 1000;

    /// <summary>Whether background merges of big segments reorder documents by similarity into 4-document blocks (the
    /// fast search layout; see <see cref="SparseSearch.Service.IndexServiceOptions.ReorderOnMerge"/>). Default true.</summary>
    public bool ReorderOnMerge { get; set; } = true;

    /// <summary>Read the index's postings and forward files into memory at open instead of mapping them (see
    /// <see cref="SparseSearch.Service.IndexServiceOptions.Preload"/>). Default false.</summary>
    public bool Preload { get; set; }
}
