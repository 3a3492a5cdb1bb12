using SparseSearch.Encoding;

namespace SparseSearch.Evaluation.PreEncoded;

/// <summary>
/// A sparse vector encoded elsewhere, keyed by token strings (the model's WordPiece tokens), as in Anserini's
/// JsonVectorCollection. Token strings stay strings here; <see cref="ToSparseVector"/> maps them to vocabulary ids.
/// </summary>
/// <param name="Id">Document or query id.</param>
/// <param name="Contents">The text the vector was made from, when the file carries it (null otherwise).</param>
/// <param name="Tokens">Distinct token strings, in file order.</param>
/// <param name="Weights">Non-negative weights aligned with <paramref name="Tokens"/>.</param>
public sealed record PreEncodedSparseVector(string Id, string? Contents, string[] Tokens, float[] Weights)
{
    /// <summary>Number of terms.</summary>
    public int Count => Tokens.Length;

    /// <summary>
    /// Maps the tokens to vocabulary ids (e.g. the model's vocab.txt) and builds a <see cref="SparseVector"/>; zero
    /// weights are dropped. A token missing from the vocabulary is an error naming it (the vectors would be from another model).
    /// </summary>
    public SparseVector ToSparseVector(IReadOnlyDictionary<string, int> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var pairs = new KeyValuePair<int, float>[Tokens.Length];
        for (int i = 0; i < Tokens.Length; i++)
        {
            if (!vocabulary.TryGetValue(Tokens[i], out int id))
                throw new KeyNotFoundException($"Pre-encoded vector {Id}: token \"{Tokens[i]}\" is not in the model vocabulary.");
            pairs[i] = new KeyValuePair<int, float>(id, Weights[i]);
        }
        return SparseVector.FromPairs(pairs);
    }
}

/// <summary>A dense vector encoded elsewhere.</summary>
/// <param name="Id">Document or query id.</param>
/// <param name="Vector">The components.</param>
public sealed record PreEncodedDenseVector(string Id, float[] Vector);
