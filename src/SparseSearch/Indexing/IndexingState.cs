using System.Globalization;

namespace SparseSearch.Indexing;

/// <summary>
/// Where a bulk run stands, stored in every commit's user data next to the model identities
/// (<see cref="ModelCompatibility"/>), so a rerun after Ctrl-C or a kill continues from the last commit.
/// </summary>
/// <remarks>
/// Keys: <c>indexing.input.path</c>, <c>indexing.input.size</c>, <c>indexing.input.head_sha256</c> (the
/// <see cref="CorpusFingerprint"/>), <c>indexing.input.kind</c> (corpus or pre-encoded), <c>indexing.lines_done</c> (every
/// input line up to and including this number is reflected in the commit), <c>indexing.complete</c> (true/false: the
/// whole file was consumed), and running totals over all runs: <c>indexing.indexed</c>, <c>indexing.skipped</c>,
/// <c>indexing.duplicates</c>, <c>indexing.truncated</c>, <c>indexing.empty</c>; <c>indexing.from_empty</c> (true/false:
/// the first run on this input started from an empty index, so the index holds this input's documents only; absent in
/// indexes written before it existed, read as false).
/// </remarks>
/// <param name="Input">Fingerprint of the input file.</param>
/// <param name="InputKind">"corpus" or "pre-encoded".</param>
/// <param name="LinesDone">Input lines consumed and committed.</param>
/// <param name="Complete">Whether the whole input was consumed.</param>
/// <param name="Totals">Running totals over every run on this input.</param>
/// <param name="FromEmpty">Whether the first run on this input started from an empty index (or --restart).</param>
public sealed record IndexingState(CorpusFingerprint Input, string InputKind, long LinesDone, bool Complete, IndexingTotals Totals, bool FromEmpty = false)
{
    private const string P = "indexing.";

    /// <summary>Writes the state into user data.</summary>
    public void WriteTo(IDictionary<string, string> data)
    {
        data[P + "input.path"] = Input.Path;
        data[P + "input.size"] = Num(Input.Size);
        data[P + "input.head_sha256"] = Input.HeadSha256;
        data[P + "input.kind"] = InputKind;
        data[P + "lines_done"] = Num(LinesDone);
        data[P + "complete"] = Complete ? "true" : "false";
        data[P + "indexed"] = Num(Totals.Indexed);
        data[P + "skipped"] = Num(Totals.Skipped);
        data[P + "duplicates"] = Num(Totals.Duplicates);
        data[P + "truncated"] = Num(Totals.Truncated);
        data[P + "empty"] = Num(Totals.Empty);
        data[P + "from_empty"] = FromEmpty ? "true" : "false";
    }

    /// <summary>Reads the state back; null when the commit has none (a new index, or one not built by the pipeline).</summary>
    public static IndexingState? ReadFrom(IReadOnlyDictionary<string, string> data)
    {
        if (!data.TryGetValue(P + "input.path", out var path) || !data.TryGetValue(P + "input.head_sha256", out var sha))
            return null;
        return new IndexingState(
            new CorpusFingerprint(path, Get(data, "input.size"), sha),
            data.TryGetValue(P + "input.kind", out var kind) ? kind : "corpus",
            Get(data, "lines_done"),
            data.TryGetValue(P + "complete", out var c) && c == "true",
            new IndexingTotals(Get(data, "indexed"), Get(data, "skipped"), Get(data, "duplicates"), Get(data, "truncated"), Get(data, "empty")),
            data.TryGetValue(P + "from_empty", out var e) && e == "true");
    }

    private static long Get(IReadOnlyDictionary<string, string> data, string key) =>
        data.TryGetValue(P + key, out var s) && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : 0;

    private static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Document counts of a run (or of all runs on one input).</summary>
/// <param name="Indexed">Documents written (updates included).</param>
/// <param name="Skipped">Lines not indexed (each reported with its reason).</param>
/// <param name="Duplicates">Documents whose id was already in the index: the later one replaced it.</param>
/// <param name="Truncated">Documents longer than a model's maximum length, cut (sparse or dense).</param>
/// <param name="Empty">Documents with no text, indexed with the model's vector for [CLS] [SEP].</param>
public readonly record struct IndexingTotals(long Indexed, long Skipped, long Duplicates, long Truncated, long Empty)
{
    /// <summary>Element-wise sum.</summary>
    public static IndexingTotals operator +(IndexingTotals a, IndexingTotals b) =>
        new(a.Indexed + b.Indexed, a.Skipped + b.Skipped, a.Duplicates + b.Duplicates, a.Truncated + b.Truncated, a.Empty + b.Empty);
}
