using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;
using SparseSearch.Evaluation.Significance;

namespace SparseSearch.Evaluation.Harness;

/// <summary><c>eval compare A B</c>: evaluates two runs against the same judgments and tests every measure's difference.</summary>
public static class RunComparison
{
    /// <summary>Evaluates both runs with <paramref name="metrics"/> (default <see cref="Metric.Standard"/>) and compares them (B − A).</summary>
    public static List<PairedComparison> Compare(Qrels qrels, TrecRun a, TrecRun b, IReadOnlyList<Metric>? metrics = null,
        int permutations = PairedRandomizationTest.DefaultPermutations, ulong seed = PairedRandomizationTest.DefaultSeed)
    {
        var evaluator = new TrecEvaluator(qrels, metrics);
        return PairedRandomizationTest.Compare(evaluator.Evaluate(a), evaluator.Evaluate(b), permutations, seed);
    }

    /// <summary>Reads two run files and compares them (see <see cref="Compare(Qrels, TrecRun, TrecRun, IReadOnlyList{Metric}?, int, ulong)"/>).</summary>
    public static List<PairedComparison> CompareFiles(string qrelsPath, string runA, string runB, IReadOnlyList<Metric>? metrics = null,
        int permutations = PairedRandomizationTest.DefaultPermutations, ulong seed = PairedRandomizationTest.DefaultSeed) =>
        Compare(Beir.QrelsReader.Read(qrelsPath), TrecRunReader.Read(runA), TrecRunReader.Read(runB), metrics, permutations, seed);
}
