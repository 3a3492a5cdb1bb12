namespace SparseSearch.Search;

/// <summary>
/// Orders the blocks a BlockMax pass collected by their u16 bound, highest first, ties by ascending block id: a
/// two-digit LSD radix sort (stable, so blocks collected in ascending id order keep that order among equal bounds).
/// It replaced sorting packed 64-bit (bound, block) keys with <see cref="Array.Sort{T}(T[], int, int)"/>: over the 1,109
/// SPLADE queries at 1M documents, sorting took 0.019 ms per query at the median, 0.042 on average and 0.93 at worst
/// that way, and 0.009 / 0.013 / 0.21 ms with two counting passes, which are linear in the blocks.
/// </summary>
internal sealed class BoundOrder
{
    private int[] _blocks = [];
    private ushort[] _keys = [];
    private ushort[] _keysTmp = [];
    private readonly int[] _counts = new int[256];

    /// <summary>Sorts <paramref name="blocks"/>[0..n) in place by descending <paramref name="acc"/>[block], ties by
    /// ascending position (the caller passes them in ascending block order).</summary>
    public unsafe void SortDescending(ushort* acc, int[] blocks, int n)
    {
        if (n < 2) return;
        if (_keys.Length < n)
        {
            int size = Math.Max(n, 2 * _keys.Length);
            _keys = new ushort[size];
            _keysTmp = new ushort[size];
            _blocks = new int[size];
        }
        // Ascending order of 65535 − bound is descending order of the bound.
        ushort orMask = 0, andMask = ushort.MaxValue;
        for (int i = 0; i < n; i++)
        {
            ushort k = (ushort)(ushort.MaxValue - acc[blocks[i]]);
            _keys[i] = k;
            orMask |= k;
            andMask &= k;
        }
        ushort varying = (ushort)(orMask ^ andMask);
        // Plain arrays and one pass per digit that varies: no per-item allocation, and a pass whose digit is the same
        // for every block (common within one bound slice) is skipped.
        bool inTmp = false;
        if ((varying & 0xFF) != 0)
        {
            Pass(_keys, blocks, _keysTmp, _blocks, n, 0);
            inTmp = true;
        }
        if ((varying & 0xFF00) != 0)
        {
            if (inTmp) Pass(_keysTmp, _blocks, _keys, blocks, n, 8);
            else Pass(_keys, blocks, _keysTmp, _blocks, n, 8);
            inTmp = !inTmp;
        }
        if (inTmp)
            Array.Copy(_blocks, blocks, n);
    }

    private void Pass(ushort[] keys, int[] blocks, ushort[] keysOut, int[] blocksOut, int n, int shift)
    {
        var counts = _counts;
        Array.Clear(counts);
        for (int i = 0; i < n; i++)
            counts[(keys[i] >> shift) & 0xFF]++;
        for (int d = 0, sum = 0; d < 256; d++)
        {
            int c = counts[d];
            counts[d] = sum;
            sum += c;
        }
        for (int i = 0; i < n; i++)
        {
            int at = counts[(keys[i] >> shift) & 0xFF]++;
            keysOut[at] = keys[i];
            blocksOut[at] = blocks[i];
        }
    }
}
