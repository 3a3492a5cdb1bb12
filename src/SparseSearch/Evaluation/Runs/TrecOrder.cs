namespace SparseSearch.Evaluation.Runs;

/// <summary>
/// trec_eval's ranking order: score descending, ties broken by document id descending in byte order
/// (<c>strcmp(b, a)</c> in trec_eval's <c>comp_sim_docno</c>). The rank column of a run file is ignored, as trec_eval does.
/// </summary>
public static class TrecOrder
{
    /// <summary>Compares two entries: negative when <paramref name="a"/> ranks first.</summary>
    public static int Compare(in RunEntry a, in RunEntry b)
    {
        if (a.Score > b.Score)
            return -1;
        if (a.Score < b.Score)
            return 1;
        return CompareDocIds(b.DocId, a.DocId);
    }

    /// <summary>
    /// strcmp on the UTF-8 bytes. Ordinal UTF-16 comparison agrees with it except when a surrogate pair meets a
    /// character in U+E000..U+FFFF, so that case is settled by code point.
    /// </summary>
    public static int CompareDocIds(string x, string y)
    {
        int n = Math.Min(x.Length, y.Length);
        for (int i = 0; i < n; i++)
        {
            char a = x[i], b = y[i];
            if (a == b)
                continue;
            if (char.IsSurrogate(a) != char.IsSurrogate(b) && (a >= 0xD800 || b >= 0xD800))
                return char.IsSurrogate(a) ? 1 : -1; // a supplementary code point sorts after any BMP one in UTF-8
            return a < b ? -1 : 1;
        }
        return x.Length.CompareTo(y.Length);
    }

    /// <summary>Sorts entries in place into trec_eval order.</summary>
    public static void Sort(RunEntry[] entries) => Array.Sort(entries, Comparer.Instance);

    /// <summary>Sorts entries in place into trec_eval order.</summary>
    public static void Sort(List<RunEntry> entries) => entries.Sort(Comparer.Instance);

    /// <summary>The order as an <see cref="IComparer{T}"/>.</summary>
    public sealed class Comparer : IComparer<RunEntry>
    {
        /// <summary>The shared instance (stateless).</summary>
        public static readonly Comparer Instance = new();

        /// <inheritdoc />
        public int Compare(RunEntry x, RunEntry y) => TrecOrder.Compare(x, y);
    }
}
