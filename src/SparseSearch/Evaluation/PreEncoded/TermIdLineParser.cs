using SparseSearch.Encoding;

namespace SparseSearch.Evaluation.PreEncoded;

/// <summary>
/// Sparse lines as <see cref="SparseVector"/>s over a model vocabulary: each token looked up as characters (no string
/// per token), zero weights dropped, ids ascending. A token missing from the vocabulary rejects the line
/// (<see cref="PreEncodedProblem.UnknownToken"/>, the first such token named) once the rest of the line has been
/// checked, so a malformed line is reported as malformed whatever its tokens.
/// </summary>
internal sealed class TermIdLineParser : SparseLineParser<PreEncodedTermVector>
{
    private readonly TokenIdLookup _lookup;
    private readonly List<int> _ids = [];
    private readonly List<float> _weights = [];
    private int[] _lineOfId = new int[1024]; // the line that last held each id: a repeat is found without a set per line
    private int _line;
    private string? _unknown;

    /// <summary>Looks tokens up with <paramref name="lookup"/> (e.g. a tokenizer's <c>TryGetId</c>).</summary>
    public TermIdLineParser(TokenIdLookup lookup) => _lookup = lookup ?? throw new ArgumentNullException(nameof(lookup));

    /// <summary>The largest weight of the line last parsed, over all its tokens (known to the vocabulary or not).</summary>
    public float MaxWeight { get; private set; }

    /// <inheritdoc />
    protected override void Begin()
    {
        _ids.Clear();
        _weights.Clear();
        _unknown = null;
        MaxWeight = 0f;
        if (++_line == int.MaxValue)
        {
            Array.Clear(_lineOfId);
            _line = 1;
        }
    }

    /// <inheritdoc />
    protected override string? Add(ReadOnlySpan<char> token, float weight)
    {
        MaxWeight = MathF.Max(MaxWeight, weight);
        if (!_lookup(token, out int id) || id < 0)
        {
            _unknown ??= token.ToString();
            return null;
        }
        if (id >= _lineOfId.Length)
            Array.Resize(ref _lineOfId, Math.Max(id + 1, _lineOfId.Length * 2));
        if (_lineOfId[id] == _line)
            return $"token \"{token}\" appears twice in the vector";
        _lineOfId[id] = _line;
        if (weight > 0f)
        {
            _ids.Add(id);
            _weights.Add(weight);
        }
        return null;
    }

    /// <inheritdoc />
    protected override PreEncodedTermVector? Finish(string id, string? contents, out PreEncodedLineError? error)
    {
        if (_unknown is not null)
        {
            error = new PreEncodedLineError(PreEncodedProblem.UnknownToken, $"token \"{_unknown}\" is not in the model vocabulary", _unknown, id);
            return null;
        }
        int[] ids = [.. _ids];
        float[] weights = [.. _weights];
        Array.Sort(ids, weights);
        error = null;
        return new PreEncodedTermVector(id, contents, new SparseVector(ids, weights));
    }

    /// <inheritdoc />
    protected override string IdOf(PreEncodedTermVector value) => value.Id;
}
