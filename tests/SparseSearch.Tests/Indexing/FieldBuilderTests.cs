using SparseSearch.Indexing;
using SparseSearch.Text.Analysis;
using Xunit;

namespace SparseSearch.Tests.Indexing;

public class FieldBuilderTests
{
    [Fact]
    public void Bm25BuilderFillsAnalysedTermFrequenciesOfTitleAndText()
    {
        var docs = new[]
        {
            new SourceDocument(1, "a", "Running cells", "The cells were running and running."),
            new SourceDocument(2, "b", "", ""),
        };
        var fields = new[] { new DocumentFields(), new DocumentFields() };
        new Bm25FieldBuilder(new SparseSearch.Index.Bm25FieldSchema()).Build(docs, fields, CancellationToken.None);
        var tf = fields[0].Bm25!;
        var counts = tf.Terms.Zip(tf.Counts).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(3, counts["run"]);   // Porter-stemmed, title + text
        Assert.Equal(2, counts["cell"]);
        Assert.False(counts.ContainsKey("the")); // stop word
        Assert.Equal(6, tf.Length); // run cell cell were run run: "were" is not in Lucene's English stop set
        Assert.Equal(0, fields[1].Bm25!.Length);
    }

    [Fact]
    public void ModelRunSlicesCoverEveryTextOnceInLengthOrder()
    {
        var rng = new Random(3);
        var seqs = Enumerable.Range(0, 200).Select(_ => new int[rng.Next(2, 600)]).ToArray();
        var slices = ModelRunSlices.Plan(seqs, 4096);
        var all = slices.SelectMany(s => s).ToList();
        Assert.Equal(Enumerable.Range(0, 200), all.Order());
        var lengths = all.Select(i => seqs[i].Length).ToList();
        Assert.Equal(lengths.Order(), lengths);
        foreach (var s in slices.SkipLast(1)) Assert.True(s.Sum(i => seqs[i].Length) >= 4096);
    }
}
