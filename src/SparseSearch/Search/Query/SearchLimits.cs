namespace SparseSearch.Search.Query;

/// <summary>Upper bounds a request must respect (a server may tighten them).</summary>
public sealed record SearchLimits
{
    /// <summary>Largest k.</summary>
    public int MaxK { get; init; } = 1000;

    /// <summary>Largest candidate depth per retriever.</summary>
    public int MaxCandidateDepth { get; init; } = 10_000;

    /// <summary>Longest query, in characters.</summary>
    public int MaxQueryChars { get; init; } = 4096;

    /// <summary>Most retrievers in one hybrid query.</summary>
    public int MaxRetrievers { get; init; } = 4;

    /// <summary>Longest snippet.</summary>
    public int MaxSnippetLength { get; init; } = 10_000;

    /// <summary>The defaults.</summary>
    public static SearchLimits Default { get; } = new();
}
