using System.Text.Json;
using SparseSearch.Encoding;
using SparseSearch.Onnx;
using Xunit;

namespace SparseSearch.Tests.Encoding;

/// <summary>The shipped models, loaded once for all encoder tests.</summary>
public sealed class EncoderFixture : IDisposable
{
    public EncoderFixture()
    {
        Environment = OrtEnvironment.Create();
        Vocabulary = TestVocabulary.Load(Path.Combine(TestPaths.Models, "splade-tiny", "tokenizer.json"));
        Specials = Vocabulary.Specials;
        Splade = SpladeEncoder.Open(Environment, Path.Combine(TestPaths.Models, "splade-tiny"), Specials);
        Dense = DenseEncoder.Open(Environment, Path.Combine(TestPaths.Models, "all-MiniLM-L6-v2"), Specials.Pad);
    }

    public OrtEnvironment Environment { get; }

    public TestVocabulary Vocabulary { get; }

    public SpecialTokenIds Specials { get; }

    public SpladeEncoder Splade { get; }

    public DenseEncoder Dense { get; }

    public void Dispose()
    {
        Splade.Dispose();
        Dense.Dispose();
        Environment.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EncoderCollection : ICollectionFixture<EncoderFixture>
{
    public const string Name = "Encoders";
}

/// <summary>The vocabulary of a tokenizer.json, read directly (token → id), for tests that work from token ids.</summary>
public sealed class TestVocabulary
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private TestVocabulary(Dictionary<string, int> ids)
    {
        _ids = ids;
        _lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        Tokens = new string[ids.Count];
        foreach (var (token, id) in ids) Tokens[id] = token;
        Specials = new SpecialTokenIds(ids["[PAD]"], ids["[UNK]"], ids["[CLS]"], ids["[SEP]"], ids["[MASK]"]);
    }

    public static TestVocabulary Load(string tokenizerJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(tokenizerJson));
        var ids = new Dictionary<string, int>();
        foreach (var p in doc.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject())
            ids[p.Name] = p.Value.GetInt32();
        return new TestVocabulary(ids);
    }

    public string[] Tokens { get; }

    public int Count => _ids.Count;

    public SpecialTokenIds Specials { get; }

    public bool TryGetId(ReadOnlySpan<char> token, out int id) => _lookup.TryGetValue(token, out id);
}
