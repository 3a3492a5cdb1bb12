using System.CommandLine;
using System.Globalization;
using SparseSearch.Index;

namespace SparseSearch.Cli.Commands;

/// <summary>
/// <c>sparsesearch optimize --index DIR</c>: force-merges an index (default: one segment, documents reordered by
/// similarity into 4-document blocks, the layout the rank-safe BlockMax scorer is fast on) and commits. Takes the
/// writer lock; safe to kill (the last commit stays). Exit code 0 = done, 1 = error.
/// </summary>
internal static class OptimizeCommand
{
    public static Command Create()
    {
        var index = new Option<string>("--index") { Description = "Index directory to optimize.", Required = true };
        var maxSegments = new Option<int>("--max-segments") { Description = "Segments to leave (default 1).", DefaultValueFactory = _ => 1 };
        var reorder = new Option<bool>("--reorder") { Description = "Reorder documents by similarity (graph bisection) so blocks hold similar documents (default)." };
        var noReorder = new Option<bool>("--no-reorder") { Description = "Keep the documents' order (only merge and expunge deletes)." };
        var blockShift = new Option<int>("--block-shift") { Description = "Documents per doc block = 2^S (default 2: 4 documents).", DefaultValueFactory = _ => IndexWriterOptions.DefaultReorderedDocBlockShift };
        var command = new Command("optimize", "Force-merge an index (expunging deleted documents), by default into one segment " +
            "reordered into 4-document similarity blocks for fast rank-safe search. Needs the writer lock; safe to kill. Exit code 1 on error.");
        foreach (var o in new Option[] { index, maxSegments, reorder, noReorder, blockShift })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            if (parse.GetValue(reorder) && parse.GetValue(noReorder))
            {
                Console.Error.WriteLine("error: --reorder and --no-reorder contradict each other.");
                return 1;
            }
            string dir = parse.GetValue(index)!;
            var options = new OptimizeOptions
            {
                MaxSegments = parse.GetValue(maxSegments),
                Reorder = !parse.GetValue(noReorder),
                DocBlockShift = parse.GetValue(blockShift),
            };
            try
            {
                Console.Error.WriteLine($"optimizing {Path.GetFullPath(dir)} …");
                var r = IndexOptimizer.Optimize(dir, options);
                var c = CultureInfo.InvariantCulture;
                Console.WriteLine($"optimize {Path.GetFullPath(dir)}: " + (r.Committed ? $"committed generation {r.Generation}" : $"nothing to do (commit {r.Generation} kept)"));
                Console.WriteLine(string.Create(c, $"  segments     {r.SegmentsBefore,14:N0} -> {r.SegmentsAfter:N0}"));
                Console.WriteLine(string.Create(c, $"  documents    {r.LiveDocs,14:N0}   (deleted reclaimed: {r.DeletedReclaimed:N0})"));
                Console.WriteLine(string.Create(c, $"  index bytes  {r.BytesBefore,14:N0} -> {r.BytesAfter:N0}"));
                Console.WriteLine(string.Create(c, $"  seconds      {r.Elapsed.TotalSeconds,14:F1}"));
                Console.WriteLine($"  layout       {(options.Reorder ? "reordered by similarity" : "order kept")}, blocks of {1 << options.DocBlockShift} documents");
                return 0;
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or InvalidOperationException)
            {
                // IndexLockedException, IndexNotFoundException and CorruptIndexException are IOExceptions.
                Console.Error.WriteLine("error: " + e.Message);
                return 1;
            }
        });
        return command;
    }
}
