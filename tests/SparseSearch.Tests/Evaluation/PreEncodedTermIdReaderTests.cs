using System.Diagnostics;
using System.Text.Json;
using SparseSearch.Evaluation;
using SparseSearch.Evaluation.PreEncoded;
using Xunit;
using Xunit.Abstractions;

namespace SparseSearch.Tests.Evaluation;

public sealed class PreEncodedTermIdReaderTests
{
    private readonly ITestOutputHelper _output;

    public PreEncodedTermIdReaderTests(ITestOutputHelper output) => _output = output;

    private static Dictionary<string, int> Vocabulary(string tokenizerJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(tokenizerJson));
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject())
            vocab[p.Name] = p.Value.GetInt32();
        return vocab;
    }

    [Fact]
    public void MapsTokensToAscendingIdsAndReportsUnknownTokens()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "v.jsonl");
        File.WriteAllText(path,
            "{\"id\": \"d1\", \"contents\": \"c\", \"vector\": {\"b\": 2, \"a\": 0.5, \"z\": 0}}\n" +
            "{\"id\": \"d2\", \"vector\": {\"a\": 1, \"nope\": 1}}\n" +
            "{\"id\": \"d3\", \"vector\": {\"a\": -1}}\n");
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal) { ["a"] = 10, ["b"] = 3, ["z"] = 7 };
        var errors = new List<DataFormatError>();
        var v = PreEncodedTermIdReader.Read(path, vocab, errors.Add).ToList();
        Assert.Single(v);
        Assert.Equal(new[] { 3, 10 }, v[0].Vector.TermIds);      // zero weight dropped, ids ascending
        Assert.Equal(new[] { 2f, 0.5f }, v[0].Vector.Weights);
        Assert.Equal("c", v[0].Contents);
        Assert.Equal(new long[] { 2, 3 }, errors.Select(e => e.LineNumber));
        Assert.Contains("\"nope\" is not in the model vocabulary", errors[0].Reason);
        Assert.Throws<DataFormatException>(() => PreEncodedTermIdReader.Read(path, vocab).ToList());
    }

    [Fact]
    public void SciFactSpladeVectorsMapOntoTheShippedVocabularyWithoutSpecialTokens()
    {
        var vocab = Vocabulary(Path.Combine(TestPaths.Models, "splade-tiny", "tokenizer.json"));
        var sw = Stopwatch.StartNew();
        long terms = 0;
        int docs = 0;
        var special = new HashSet<int> { vocab["[PAD]"], vocab["[UNK]"], vocab["[CLS]"], vocab["[SEP]"], vocab["[MASK]"] };
        foreach (var v in PreEncodedTermIdReader.Read(Path.Combine(TestPaths.Shared, "data", "scifact", "encoded", "splade-tiny.corpus.jsonl.gz"), vocab))
        {
            docs++;
            terms += v.Vector.Count;
            foreach (var t in v.Vector.TermIds)
                Assert.DoesNotContain(t, special);
        }
        _output.WriteLine($"{docs} documents, {terms} terms ({(double)terms / docs:F1} per document) in {sw.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(5183, docs);
        // REFERENCE_MODELS.md: 285.2 terms per document. The file holds 285.151 (1,477,936 weights), 7 of which were
        // written as 0 at 5 decimals and are dropped here.
        Assert.Equal(1_477_929, terms);
        Assert.InRange((double)terms / docs, 285.1, 285.25);
    }
}
