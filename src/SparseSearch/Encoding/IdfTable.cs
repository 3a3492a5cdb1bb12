using System.Text.Json;

namespace SparseSearch.Encoding;

/// <summary>Maps a vocabulary token to its id, as a tokenizer's <c>TryGetId</c> does.</summary>
public delegate bool TokenIdLookup(ReadOnlySpan<char> token, out int id);

/// <summary>
/// Inference-free query weights, read from an OpenSearch <c>idf.json</c> (a JSON object: wordpiece token → weight) and
/// laid out by term id. Every token must be in the tokenizer's vocabulary and every weight a finite number ≥ 0.
/// </summary>
public sealed class IdfTable
{
    private readonly float[] _weights;

    private IdfTable(float[] weights, string path)
    {
        _weights = weights;
        Path = path;
    }

    /// <summary>The file it came from.</summary>
    public string Path { get; }

    /// <summary>Vocabulary size.</summary>
    public int VocabSize => _weights.Length;

    /// <summary>The weight of term <paramref name="id"/> (0 when absent).</summary>
    public float this[int id] => (uint)id < (uint)_weights.Length ? _weights[id] : 0f;

    /// <summary>Loads <paramref name="path"/>, resolving tokens with <paramref name="lookup"/>.</summary>
    /// <exception cref="ModelFormatException">Missing file, invalid JSON, an unknown token or a bad weight (named).</exception>
    public static IdfTable Load(string path, TokenIdLookup lookup, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        if (vocabSize <= 0) throw new ArgumentOutOfRangeException(nameof(vocabSize));
        if (!File.Exists(path))
            throw new ModelFormatException(path, $"{path} not found: expected an idf.json (JSON object of wordpiece token → weight).");
        var weights = new float[vocabSize];
        try
        {
            using var stream = File.OpenRead(path);
            using var doc = JsonDocument.Parse(stream);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException(path, $"{path}: expected a JSON object of wordpiece token → weight, found {doc.RootElement.ValueKind}.");
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetDouble(out double w) || !double.IsFinite(w) || w < 0)
                    throw new ModelFormatException(path, $"{path}: token \"{entry.Name}\" has weight {entry.Value.GetRawText()}; expected a finite number ≥ 0.");
                if (!lookup(entry.Name, out int id) || (uint)id >= (uint)vocabSize)
                    throw new ModelFormatException(path, $"{path}: token \"{entry.Name}\" is not in the tokenizer's vocabulary (is this idf file for another model?).");
                weights[id] = (float)w;
            }
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, $"{path} is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        return new IdfTable(weights, System.IO.Path.GetFullPath(path));
    }
}
