using System.Text.Json;

namespace SparseSearch.Search.Bench;

/// <summary>
/// Token string → vocabulary id, read from a HuggingFace <c>tokenizer.json</c> (<c>model.vocab</c>). A minimal local
/// helper so pre-encoded (Anserini JsonVectorCollection) vectors can be indexed without the tokenizer component.
/// </summary>
public sealed class VocabularyMap
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private VocabularyMap(Dictionary<string, int> ids)
    {
        _ids = ids;
        _lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        int max = -1;
        foreach (var v in ids.Values) max = Math.Max(max, v);
        Size = max + 1;
    }

    /// <summary>Vocabulary size (max id + 1).</summary>
    public int Size { get; }

    /// <summary>Loads <c>model.vocab</c> of a tokenizer.json.</summary>
    public static VocabularyMap Load(string tokenizerJson)
    {
        using var stream = File.OpenRead(tokenizerJson);
        using var doc = JsonDocument.Parse(stream);
        if (!doc.RootElement.TryGetProperty("model", out var model) || !model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{tokenizerJson}: no model.vocab object (expected a HuggingFace WordPiece tokenizer.json).");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in vocab.EnumerateObject())
            ids[p.Name] = p.Value.GetInt32();
        return new VocabularyMap(ids);
    }

    /// <summary>Id of <paramref name="token"/>.</summary>
    public bool TryGetId(ReadOnlySpan<char> token, out int id) => _lookup.TryGetValue(token, out id);
}
