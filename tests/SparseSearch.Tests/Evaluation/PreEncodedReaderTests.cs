using SparseSearch.Evaluation;
using SparseSearch.Evaluation.Exhaustive;
using SparseSearch.Evaluation.PreEncoded;
using Xunit;

namespace SparseSearch.Tests.Evaluation;

public sealed class PreEncodedReaderTests
{
    [Fact]
    public void SparseLinesWithIntAndFloatWeights()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "v.jsonl");
        File.WriteAllText(path,
            "{\"id\": \"d1\", \"contents\": \"hello world\", \"vector\": {\"hello\": 12, \"##s\": 0.5}}\n" +
            "{\"id\": \"d2\", \"vector\": {}, \"extra\": [1, {\"a\": 2}]}\n");
        var v = PreEncodedReader.ReadAllSparse(path);
        Assert.Equal(2, v.Count);
        Assert.Equal("hello world", v[0].Contents);
        Assert.Equal(new[] { "hello", "##s" }, v[0].Tokens);
        Assert.Equal(new[] { 12f, 0.5f }, v[0].Weights);
        Assert.Null(v[1].Contents);
        Assert.Equal(0, v[1].Count);
        var sv = v[0].ToSparseVector(new Dictionary<string, int> { ["hello"] = 7592, ["##s"] = 2015 });
        Assert.Equal(new[] { 2015, 7592 }, sv.TermIds);
        Assert.Throws<KeyNotFoundException>(() => v[0].ToSparseVector(new Dictionary<string, int>()));
    }

    [Fact]
    public void BadSparseLinesAreReported()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "v.jsonl");
        File.WriteAllText(path,
            "{\"id\": \"d1\", \"vector\": {\"a\": -1}}\n" +
            "{\"id\": \"d2\", \"vector\": {\"a\": 1, \"a\": 2}}\n" +
            "{\"id\": \"d3\", \"vector\": {\"a\": \"x\"}}\n" +
            "{\"id\": \"d4\"}\n" +
            "{\"id\": \"d5\", \"vector\": {\"a\": 1}\n" +
            "{\"id\": \"d6\", \"vector\": {\"a\": 1}}\n");
        var errors = new List<DataFormatError>();
        var v = PreEncodedReader.ReadAllSparse(path, errors.Add);
        Assert.Single(v);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, errors.Select(e => e.LineNumber));
        Assert.Contains("non-negative", errors[0].Reason);
        Assert.Contains("twice", errors[1].Reason);
        Assert.Contains("missing \"vector\"", errors[3].Reason);
        Assert.Throws<DataFormatException>(() => PreEncodedReader.ReadAllSparse(path));
    }

    [Fact]
    public void DenseDimensionIsEnforced()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "d.jsonl");
        File.WriteAllText(path, "{\"id\": \"a\", \"vector\": [1, 0.5]}\n{\"id\": \"b\", \"vector\": [1]}\n{\"id\": 7, \"vector\": [0, 2]}\n");
        var errors = new List<DataFormatError>();
        var v = PreEncodedReader.ReadAllDense(path, 0, errors.Add);
        Assert.Equal(new[] { "a", "7" }, v.Select(x => x.Id));
        Assert.Equal(2, errors.Single().LineNumber);
        Assert.Contains("expected 2", errors[0].Reason);
    }

    [Fact]
    public void ExhaustiveSearchersRankExactlyWithDocIdTieBreak()
    {
        var docs = new[]
        {
            new PreEncodedSparseVector("a", null, ["x", "y"], [1f, 2f]),
            new PreEncodedSparseVector("b", null, ["x"], [3f]),
            new PreEncodedSparseVector("c", null, ["y"], [1.5f]),
            new PreEncodedSparseVector("d", null, ["z"], [9f]),
        };
        var sparse = new ExhaustiveSparseSearcher(docs);
        var hits = sparse.Search(new PreEncodedSparseVector("q", null, ["x", "y", "unknown"], [1f, 2f, 5f]), 10);
        // a = 1 + 4 = 5, b = 3, c = 3 (tie with b: c first, doc id descending); d shares no term.
        Assert.Equal(new[] { ("a", 5f), ("c", 3f), ("b", 3f) }, hits);
        Assert.Equal(2, sparse.Search(new PreEncodedSparseVector("q", null, ["x", "y"], [1f, 2f]), 2).Length);

        var dense = new ExhaustiveDenseSearcher([new("a", [1f, 0f]), new("b", [0f, 2f]), new("c", [1f, 1f])]);
        var dh = dense.Search([2f, 0f], 2);
        Assert.Equal("a", dh[0].DocId);
        Assert.Equal(1f, dh[0].Score, 6);
        Assert.Equal("c", dh[1].DocId);
        Assert.Equal(MathF.Sqrt(0.5f), dh[1].Score, 6);
    }
}
