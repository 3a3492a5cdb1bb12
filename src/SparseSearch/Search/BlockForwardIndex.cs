using SparseSearch.Index.Codec;

namespace SparseSearch.Search;

/// <summary>
/// The forward index of one segment regrouped by doc-range block, as in BMP: for each block of 2^shift (≤ 256)
/// documents, its distinct terms in ascending order ("runs"), and for each run the (document offset in the block,
/// impact) pairs, documents ascending. Scoring a block for a query then touches each of the block's runs once (one
/// dense weight lookup) and only the entries of query terms, instead of every entry of every document.
/// <para>Built in memory from the <c>.fwd</c> file on first use (O(postings), about 10 bytes per posting's share:
/// 2 bytes per entry plus 8 per run); not stored on disk.</para>
/// </summary>
internal sealed class BlockForwardIndex
{
    private BlockForwardIndex(int shift, int[] blockRunStart, int[] runTerm, int[] runEntryStart, byte[] entryDoc, byte[] entryImpact)
    {
        Shift = shift;
        BlockRunStart = blockRunStart;
        RunTerm = runTerm;
        RunEntryStart = runEntryStart;
        EntryDoc = entryDoc;
        EntryImpact = entryImpact;
    }

    /// <summary>Documents per block = 2^Shift.</summary>
    public int Shift { get; }
    /// <summary>Runs of block b: [BlockRunStart[b], BlockRunStart[b + 1]).</summary>
    public int[] BlockRunStart { get; }
    /// <summary>Term of each run (ascending within a block).</summary>
    public int[] RunTerm { get; }
    /// <summary>Entries of run r: [RunEntryStart[r], RunEntryStart[r + 1]).</summary>
    public int[] RunEntryStart { get; }
    /// <summary>Document offset inside the block of each entry.</summary>
    public byte[] EntryDoc { get; }
    /// <summary>u8 impact of each entry.</summary>
    public byte[] EntryImpact { get; }

    /// <summary>Regroups <paramref name="forward"/> into blocks of 2^<paramref name="shift"/> documents.</summary>
    public static unsafe BlockForwardIndex Build(ForwardReader forward, int shift)
    {
        if (shift is < 0 or > 8)
            throw new ArgumentOutOfRangeException(nameof(shift), shift, "block-forward offsets are bytes: shift must be in [0, 8]");
        int docs = forward.DocCount;
        int size = 1 << shift;
        int blocks = (docs + size - 1) >> shift;
        long total = forward.TotalEntries;
        if (total > int.MaxValue)
            throw new InvalidOperationException($"block-forward index supports at most {int.MaxValue} entries per segment, got {total}");
        var entryDoc = new byte[total];
        var entryImpact = new byte[total];
        var blockRunStart = new int[blocks + 1];
        var runTerm = new List<int>();
        var runEntryStart = new List<int> { 0 };
        // Per-block counting sort by term (vocabulary-sized count array, cleared through the touched list).
        int[] counts = new int[1 << 16];
        int[] touched = new int[1024];
        int pos = 0;
        for (int b = 0; b < blocks; b++)
        {
            int first = b << shift, last = Math.Min(docs, first + size);
            int nt = 0;
            for (int d = first; d < last; d++)
            {
                int cnt = forward.Get(d, out var tp, out _);
                for (int j = 0; j < cnt; j++)
                {
                    int t = forward.TermWidth == 2 ? ((ushort*)tp)[j] : ((int*)tp)[j];
                    if (t >= counts.Length) Array.Resize(ref counts, Math.Max(t + 1, counts.Length * 2));
                    if (counts[t]++ == 0)
                    {
                        if (nt == touched.Length) Array.Resize(ref touched, nt * 2);
                        touched[nt++] = t;
                    }
                }
            }
            Array.Sort(touched, 0, nt);
            for (int i = 0; i < nt; i++)
            {
                int t = touched[i];
                int c = counts[t];
                counts[t] = pos; // becomes the fill position of the run
                pos += c;
                runTerm.Add(t);
                runEntryStart.Add(pos);
            }
            for (int d = first; d < last; d++)
            {
                int cnt = forward.Get(d, out var tp, out var ip);
                for (int j = 0; j < cnt; j++)
                {
                    int t = forward.TermWidth == 2 ? ((ushort*)tp)[j] : ((int*)tp)[j];
                    int at = counts[t]++;
                    entryDoc[at] = (byte)(d - first);
                    entryImpact[at] = ip[j];
                }
            }
            for (int i = 0; i < nt; i++) counts[touched[i]] = 0;
            blockRunStart[b + 1] = runTerm.Count;
        }
        return new BlockForwardIndex(shift, blockRunStart, runTerm.ToArray(), runEntryStart.ToArray(), entryDoc, entryImpact);
    }
}
