namespace SparseSearch.Evaluation.PreEncoded;

/// <summary>Sparse lines as <see cref="PreEncodedSparseVector"/>s: the tokens kept as strings, in file order.</summary>
internal sealed class TokenStringLineParser : SparseLineParser<PreEncodedSparseVector>
{
    private readonly List<string> _tokens = [];
    private readonly List<float> _weights = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override void Begin()
    {
        _tokens.Clear();
        _weights.Clear();
        _seen.Clear();
    }

    /// <inheritdoc />
    protected override string? Add(ReadOnlySpan<char> token, float weight)
    {
        string s = token.ToString();
        if (!_seen.Add(s))
            return $"token \"{s}\" appears twice in the vector";
        _tokens.Add(s);
        _weights.Add(weight);
        return null;
    }

    /// <inheritdoc />
    protected override PreEncodedSparseVector? Finish(string id, string? contents, out PreEncodedLineError? error)
    {
        error = null;
        return new PreEncodedSparseVector(id, contents, [.. _tokens], [.. _weights]);
    }

    /// <inheritdoc />
    protected override string IdOf(PreEncodedSparseVector value) => value.Id;
}
