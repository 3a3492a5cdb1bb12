using System.Globalization;
using System.Security.Cryptography;
using SparseSearch.Text;

namespace SparseSearch.Indexing;

/// <summary>
/// What produced one field of an index: the model's name (its folder name), the SHA-256 of its ONNX graph (or
/// <see cref="PreEncodedMarker"/> when the vectors were imported), and its tokenizer vocabulary (size + checksum, see
/// <see cref="WordPieceTokenizer.VocabularyChecksum"/>). Recorded in the commit user data by
/// <see cref="ModelCompatibility.Record"/>.
/// </summary>
/// <param name="Name">Model name, e.g. "splade-tiny".</param>
/// <param name="GraphSha256">Lowercase hex SHA-256 of model.onnx, or <see cref="PreEncodedMarker"/>.</param>
/// <param name="VocabularyChecksum">Checksum of the tokenizer vocabulary (token ids are only meaningful with it).</param>
/// <param name="VocabSize">Number of vocabulary entries.</param>
public sealed record ModelIdentity(string Name, string GraphSha256, string VocabularyChecksum, int VocabSize)
{
    /// <summary>Stands in for the graph checksum of vectors imported from a pre-encoded file.</summary>
    public const string PreEncodedMarker = "pre-encoded";

    /// <summary>True when the vectors came from a file rather than from a model run here.</summary>
    public bool IsPreEncoded => GraphSha256 == PreEncodedMarker;

    /// <summary>Identity of a model folder: hashes <paramref name="onnxPath"/> (a 100 MB graph takes well under a second).</summary>
    public static ModelIdentity OfModel(string name, string onnxPath, WordPieceTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        using var stream = new FileStream(onnxPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        string sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new ModelIdentity(name, sha, tokenizer.VocabularyChecksum, tokenizer.VocabSize);
    }

    /// <summary>Identity of vectors imported from a file, whose token strings were mapped with <paramref name="tokenizer"/>'s vocabulary.</summary>
    public static ModelIdentity OfPreEncoded(string name, WordPieceTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return new ModelIdentity(name, PreEncodedMarker, tokenizer.VocabularyChecksum, tokenizer.VocabSize);
    }

    /// <summary>Short form for messages.</summary>
    public override string ToString() =>
        $"{Name} ({(IsPreEncoded ? "pre-encoded vectors" : "model.onnx sha256 " + Short(GraphSha256))}, vocabulary {VocabSize.ToString(CultureInfo.InvariantCulture)} tokens, checksum {Short(VocabularyChecksum)})";

    private static string Short(string hex) => hex.Length > 12 ? hex[..12] : hex;
}
