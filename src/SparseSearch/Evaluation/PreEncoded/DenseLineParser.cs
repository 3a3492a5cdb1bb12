using System.Text.Json;

namespace SparseSearch.Evaluation.PreEncoded;

/// <summary>Dense lines as <see cref="PreEncodedDenseVector"/>s, every line held to one dimension.</summary>
internal sealed class DenseLineParser : PreEncodedLineParser<PreEncodedDenseVector>
{
    private readonly List<float> _values = [];
    private int _dimension;

    /// <summary><paramref name="dimension"/> 0 = taken from the first good line.</summary>
    public DenseLineParser(int dimension) => _dimension = dimension;

    /// <inheritdoc />
    protected override string Shape => "{\"id\", \"vector\": [numbers]}";

    /// <inheritdoc />
    protected override bool ReadsContents => false;

    /// <inheritdoc />
    protected override void Begin() => _values.Clear();

    /// <inheritdoc />
    protected override string? ReadVector(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            return $"\"vector\" is a JSON {reader.TokenType}, expected an array of numbers";
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out float v) || !float.IsFinite(v))
                return $"component {_values.Count} is not a finite number";
            _values.Add(v);
        }
        return null;
    }

    /// <inheritdoc />
    protected override PreEncodedDenseVector? Finish(string id, string? contents, out PreEncodedLineError? error)
    {
        string? bad = _values.Count == 0 ? "\"vector\" is empty"
            : _dimension > 0 && _values.Count != _dimension ? $"vector has {_values.Count} components, expected {_dimension}"
            : null;
        if (bad is not null)
        {
            error = new PreEncodedLineError(PreEncodedProblem.BadVector, bad, Id: id);
            return null;
        }
        _dimension = _values.Count;
        error = null;
        return new PreEncodedDenseVector(id, [.. _values]);
    }

    /// <inheritdoc />
    protected override string IdOf(PreEncodedDenseVector value) => value.Id;
}
