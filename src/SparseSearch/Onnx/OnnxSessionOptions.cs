namespace SparseSearch.Onnx;

/// <summary>ORT's graph optimisation levels (<c>GraphOptimizationLevel</c>).</summary>
public enum GraphOptimizationLevel
{
    /// <summary>No graph rewriting.</summary>
    DisableAll = 0,
    /// <summary>Semantics-preserving node eliminations and constant folding.</summary>
    Basic = 1,
    /// <summary>Basic plus fusions (attention, GELU, layer norm...).</summary>
    Extended = 2,
    /// <summary>Everything, including layout optimisations.</summary>
    All = 99,
}

/// <summary>Settings for one ONNX Runtime session, turned into an <c>OrtSessionOptions</c> when the session opens.</summary>
public sealed record OnnxSessionOptions
{
    /// <summary>Threads ORT uses inside one operator (0 = ORT's default, one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads ORT uses to run independent operators at once (0 = default; ignored in sequential mode).</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Graph optimisation level (default: all).</summary>
    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.All;

    /// <summary>Run operators one after another (ORT_SEQUENTIAL, the default) rather than in parallel.</summary>
    public bool SequentialExecution { get; init; } = true;

    /// <summary>
    /// Whether ORT's idle intra-op threads spin waiting for work. Off by default: on a small shared machine spinning
    /// threads steal the cores other sessions and the .NET side need.
    /// </summary>
    public bool AllowSpinning { get; init; }
}
