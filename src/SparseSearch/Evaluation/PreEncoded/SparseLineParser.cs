using System.Text.Json;

namespace SparseSearch.Evaluation.PreEncoded;

/// <summary>
/// The sparse format's <c>vector</c>, an object of token: weight: weights checked here (numbers, non-negative, within
/// float range), each token handed to the subclass as characters, which decides what it becomes (a string, a vocabulary id).
/// </summary>
internal abstract class SparseLineParser<T> : PreEncodedLineParser<T> where T : class
{
    private char[] _token = new char[256];

    /// <inheritdoc />
    protected override string Shape => "{\"id\", \"contents\", \"vector\": {token: weight}}";

    /// <inheritdoc />
    protected override bool ReadsContents => true;

    /// <summary>
    /// Takes one token and its checked weight; returns a message to reject the line (a repeated token), else null. The
    /// characters are only valid during the call.
    /// </summary>
    protected abstract string? Add(ReadOnlySpan<char> token, float weight);

    /// <inheritdoc />
    protected override string? ReadVector(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            return $"\"vector\" is a JSON {reader.TokenType}, expected an object of token: weight";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Tokens are unescaped into one reused buffer: a string per token would be most of what an import allocates.
            int needed = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            if (_token.Length < needed)
                _token = new char[Math.Max(needed, _token.Length * 2)];
            var token = _token.AsSpan(0, reader.CopyString(_token));
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double w))
                return $"weight of token \"{token}\" is a JSON {reader.TokenType}, expected a number";
            if (w < 0 || w > float.MaxValue)
                return $"weight of token \"{token}\" is {w}, expected a non-negative float";
            var bad = Add(token, (float)w);
            if (bad is not null)
                return bad;
        }
        return null;
    }
}
