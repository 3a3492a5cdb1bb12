using System.Diagnostics;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Exhaustive;
using SparseSearch.Evaluation.PreEncoded;

namespace SparseSearch.Tests.Evaluation;

/// <summary>SciFact's pre-encoded vectors (splade-tiny, MiniLM) loaded once into exhaustive searchers, shared by the end-to-end tests.</summary>
public sealed class SciFactPreEncodedFixture
{
    public SciFactPreEncodedFixture()
    {
        string data = Path.Combine(TestPaths.Shared, "data", "scifact");
        string enc = Path.Combine(data, "encoded");
        Dataset = BeirDataset.Open(data);
        var sw = Stopwatch.StartNew();
        Sparse = new ExhaustiveSparseSearcher(PreEncodedReader.ReadSparse(Path.Combine(enc, "splade-tiny.corpus.jsonl.gz")));
        SparseLoad = sw.Elapsed;
        sw.Restart();
        Dense = new ExhaustiveDenseSearcher(PreEncodedReader.ReadAllDense(Path.Combine(enc, "all-MiniLM-L6-v2.corpus.jsonl.gz"), 384));
        DenseLoad = sw.Elapsed;
        TrainQrels = QrelsReader.Read(Path.Combine(data, "qrels", "train.tsv"));
        // Every query (test and train), so weights can be tuned on train and checked on test.
        foreach (var q in PreEncodedReader.ReadSparse(Path.Combine(enc, "splade-tiny.queries.jsonl.gz")))
            SparseQueries[q.Id] = q;
        foreach (var q in PreEncodedReader.ReadDense(Path.Combine(enc, "all-MiniLM-L6-v2.queries.jsonl.gz"), 384))
            DenseQueries[q.Id] = q.Vector;
    }

    public BeirDataset Dataset { get; }
    public SparseSearch.Evaluation.Metrics.Qrels TrainQrels { get; }
    public ExhaustiveSparseSearcher Sparse { get; }
    public ExhaustiveDenseSearcher Dense { get; }
    public Dictionary<string, PreEncodedSparseVector> SparseQueries { get; } = new();
    public Dictionary<string, float[]> DenseQueries { get; } = new();
    public TimeSpan SparseLoad { get; }
    public TimeSpan DenseLoad { get; }
}

/// <summary>The test classes sharing one <see cref="SciFactPreEncodedFixture"/> (loaded once per test run).</summary>
[Xunit.CollectionDefinition(Name)]
public sealed class SciFactPreEncodedCollection : Xunit.ICollectionFixture<SciFactPreEncodedFixture>
{
    public const string Name = "SciFact pre-encoded";
}
