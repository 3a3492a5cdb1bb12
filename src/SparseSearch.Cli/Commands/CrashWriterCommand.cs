using System.CommandLine;
using System.Globalization;
using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Merge;

namespace SparseSearch.Cli.Commands;

/// <summary>
/// Hidden <c>sparsesearch debug-crash-writer --index DIR</c>: the child of the crash tests. Opens (or creates) the
/// index, then commits the deterministic <see cref="CrashWorkload"/> batches n+1, n+2, … forever, printing
/// <c>committed N</c> after each commit returns, until it is killed.
/// </summary>
internal static class CrashWriterCommand
{
    public static Command Create()
    {
        var index = new Option<string>("--index") { Description = "Index directory.", Required = true };
        var command = new Command("debug-crash-writer", "Test helper: commit deterministic batches until killed.") { Hidden = true };
        command.Options.Add(index);
        command.SetAction(int (parse) =>
        {
            using var writer = IndexWriter.OpenOrCreate(parse.GetValue(index)!, CrashWorkload.Schema, CrashWorkload.WriterOptions);
            long n = writer.CommittedUserData.TryGetValue("n", out var s) ? long.Parse(s, CultureInfo.InvariantCulture) : 0;
            while (true)
            {
                n++;
                CrashWorkload.Apply(writer, n);
                writer.Commit(new Dictionary<string, string> { ["n"] = n.ToString(CultureInfo.InvariantCulture) });
                Console.Out.WriteLine($"committed {n}");
                Console.Out.Flush();
            }
        });
        return command;
    }
}

/// <summary>The crash tests' deterministic workload: batch n adds 15 documents, deletes a third of batch n−1 and updates one.</summary>
public static class CrashWorkload
{
    /// <summary>Schema of the crash-test index.</summary>
    public static IndexSchema Schema { get; } = new() { VocabSize = 200, ImpactScale = 0.02f, SparseModel = "crash-test" };

    /// <summary>Small buffers and tiers, so flushes and merges happen inside batches and get killed too.</summary>
    public static IndexWriterOptions WriterOptions { get; } = new()
    {
        MaxBufferedDocs = 7,
        MergePolicy = new TieredMergePolicy { SegmentsPerTier = 3, FloorDocs = 10 },
        BackgroundMerges = true,
    };

    private const int DocsPerBatch = 15;

    /// <summary>The vector of a document in a batch (version 1 after its update).</summary>
    public static SparseVector Vector(long batch, int doc, int version)
    {
        var rng = new Random(unchecked((int)(batch * 7919 + doc * 31 + version)));
        var pairs = new Dictionary<int, float>();
        int n = rng.Next(3, 20);
        while (pairs.Count < n)
            pairs[rng.Next(200)] = (float)rng.NextDouble() * 5f;
        return SparseVector.FromPairs(pairs);
    }

    /// <summary>Applies batch <paramref name="n"/> (not committed).</summary>
    public static void Apply(IndexWriter writer, long n)
    {
        for (int j = 0; j < DocsPerBatch; j++)
            writer.Upsert(new IndexDocument($"c{n}-{j}", Vector(n, j, 0), Text: $"batch {n} doc {j}"));
        if (n >= 2)
        {
            for (int j = 0; j < DocsPerBatch; j += 3)
                writer.Delete($"c{n - 1}-{j}");
            writer.Upsert(new IndexDocument($"c{n - 1}-1", Vector(n - 1, 1, 1), Text: "updated"));
        }
    }

    /// <summary>Live ids after batches 1..<paramref name="n"/> are committed.</summary>
    public static HashSet<string> ExpectedIds(long n)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 1; i <= n; i++)
            for (int j = 0; j < DocsPerBatch; j++)
                if (!(i < n && j % 3 == 0))
                    ids.Add($"c{i}-{j}");
        return ids;
    }
}
