using SparseSearch.Encoding;
using SparseSearch.Onnx;
using Xunit;

namespace SparseSearch.Tests.Encoding;

[Collection(EncoderCollection.Name)]
public class SpladeEncoderTests(EncoderFixture fixture)
{
    private static readonly int[] SpecialIds = [0, 100, 101, 102, 103];

    [Fact]
    public void SpecialTokensComeFromTheTokenizer() => Assert.Equal(SpecialIds, fixture.Specials.ToArray());

    [Fact]
    public void TextsMatchGoldenForAll288()
    {
        var golden = GoldenFiles.Splade;
        Assert.Equal(288, golden.Length);
        var texts = GoldenFiles.Texts;
        long truncatedBefore = fixture.Splade.Counters.Truncated;
        var encodings = fixture.Splade.Encode(golden.Select(g => texts[g.Id].Text).ToArray());
        for (int i = 0; i < golden.Length; i++)
        {
            Assert.Equal(golden[i].InputIds.Length, encodings[i].TokenCount);
            Assert.Equal(texts[golden[i].Id].Ids.Length > 512, encodings[i].Truncated);
            AssertMatchesGolden(golden[i], encodings[i].Vector);
        }
        Assert.True(fixture.Splade.Counters.Truncated - truncatedBefore >= golden.Count(g => texts[g.Id].Ids.Length > 512));
    }

    [Fact]
    public void EmptyAndWhitespaceTextsGiveTheClsSepOutput()
    {
        var golden = GoldenFiles.Splade.Single(g => g.Id == "edge-0");
        foreach (var e in fixture.Splade.Encode(["", "   ", "\t\n"]))
        {
            Assert.Equal(2, e.TokenCount);
            AssertMatchesGolden(golden, e.Vector);
        }
    }

    [Fact]
    public void ParallelRunsWithSmallBatchesGiveTheSameParity()
    {
        using var encoder = SpladeEncoder.Open(fixture.Environment, Path.Combine(TestPaths.Models, "splade-tiny"),
            new EncoderOptions { Parallelism = 2, TokenBudget = 600, MaxBatchSize = 5, IntraOpThreads = 1 });
        var golden = GoldenFiles.Splade.Where((_, i) => i % 8 == 0).ToArray();
        var encodings = encoder.EncodeTokenIds(golden.Select(g => g.InputIds).ToArray());
        for (int i = 0; i < golden.Length; i++)
            AssertMatchesGolden(golden[i], encodings[i].Vector);
    }

    [Fact]
    public void LongTextsAreTruncatedKeepingSepAndCounted()
    {
        var texts = GoldenFiles.Texts;
        var allLong = GoldenFiles.Splade.Where(g => texts[g.Id].Ids.Length > 512).ToArray();
        Assert.Equal(8, allLong.Count(g => g.Id.StartsWith("scifact-doc")));
        var longOnes = allLong.Take(3).ToArray();
        long before = fixture.Splade.Counters.Truncated;
        var encodings = fixture.Splade.EncodeTokenIds(longOnes.Select(g => texts[g.Id].Ids).ToArray());
        for (int i = 0; i < longOnes.Length; i++)
        {
            Assert.True(encodings[i].Truncated);
            Assert.Equal(512, encodings[i].TokenCount);
            Assert.Equal(longOnes[i].InputIds, TokenTruncation.Truncate(texts[longOnes[i].Id].Ids, 512, out _));
            AssertMatchesGolden(longOnes[i], encodings[i].Vector);
        }
        Assert.True(fixture.Splade.Counters.Truncated - before >= longOnes.Length);
    }

    [Fact]
    public void EmptyTextIsTheModelOutputForClsSep()
    {
        var encoding = fixture.Splade.EncodeTokenIds([101, 102]);
        Assert.False(encoding.Truncated);
        Assert.Equal(2, encoding.TokenCount);
        AssertMatchesGolden(GoldenFiles.Splade.Single(g => g.Id == "edge-0"), encoding.Vector);
        Assert.NotEmpty(encoding.Vector.TermIds);
    }

    [Fact]
    public void TopKAndMinWeightPrune()
    {
        var g = GoldenFiles.Splade.First(x => x.Id.StartsWith("scifact-doc"));
        using var encoder = SpladeEncoder.Open(fixture.Environment, Path.Combine(TestPaths.Models, "splade-tiny"),
            new EncoderOptions { TopK = 10, MinWeight = 0.05f });
        var v = encoder.EncodeTokenIds(g.InputIds).Vector;
        var expected = g.Weights.Where(kv => !SpecialIds.Contains(kv.Key) && kv.Value > 0.05f)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(10).Select(kv => kv.Key).Order().ToArray();
        Assert.Equal(10, v.Count);
        Assert.Equal(expected, v.TermIds);
    }

    [Fact]
    public void ConcurrentCallersOnOneEncoderGetTheirOwnResults()
    {
        var texts = GoldenFiles.Texts;
        var slices = Enumerable.Range(0, 3)
            .Select(k => GoldenFiles.Splade.Where((g, i) => i % 16 == k && texts[g.Id].Ids.Length < 200).ToArray()).ToArray();
        var results = new SparseEncoding[slices.Length][];
        Parallel.For(0, slices.Length, k => results[k] = fixture.Splade.Encode(slices[k].Select(g => texts[g.Id].Text).ToArray()));
        for (int k = 0; k < slices.Length; k++)
            for (int i = 0; i < slices[k].Length; i++)
                AssertMatchesGolden(slices[k][i], results[k][i].Vector);
    }

    [Fact]
    public void EmptyTokenListIsRejected() =>
        Assert.Throws<ArgumentException>(() => fixture.Splade.EncodeTokenIds(Array.Empty<int>()));

    [Fact]
    public void ADenseFolderIsNotASparseModel()
    {
        var e = Assert.Throws<ModelFormatException>(() =>
            SpladeEncoder.Open(fixture.Environment, Path.Combine(TestPaths.Models, "all-MiniLM-L6-v2")));
        Assert.Contains("dense", e.Message);
    }

    internal static void AssertMatchesGolden(SpladeGolden golden, SparseVector vector)
    {
        var expected = golden.Weights.Where(kv => !SpecialIds.Contains(kv.Key)).ToDictionary();
        var actual = new Dictionary<int, float>();
        for (int i = 0; i < vector.Count; i++) actual[vector.TermIds[i]] = vector.Weights[i];
        Assert.DoesNotContain(vector.TermIds, id => SpecialIds.Contains(id));
        foreach (var id in expected.Keys.Union(actual.Keys))
        {
            expected.TryGetValue(id, out float e);
            actual.TryGetValue(id, out float a);
            if (MathF.Abs(e - a) > 1e-4f) Assert.Fail($"{golden.Id}: term {id} weight {a} vs golden {e}");
        }
        var expectedAbove = expected.Where(kv => kv.Value > 1e-3f).Select(kv => kv.Key).Order();
        var actualAbove = actual.Where(kv => kv.Value > 1e-3f).Select(kv => kv.Key).Order();
        Assert.Equal(expectedAbove, actualAbove);
    }
}
