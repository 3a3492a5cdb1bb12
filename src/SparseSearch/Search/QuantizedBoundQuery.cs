using SparseSearch.Index;
using SparseSearch.Index.Codec;

namespace SparseSearch.Search;

/// <summary>
/// A query's weights turned into u16 multipliers for one segment's block bounds. One unit is
/// <see cref="Unit"/> in score space (before the index scale); term t's contribution to a block whose max impact is m is
/// <see cref="BlockBoundKernels.Contribution"/>(m, mult_t) ≥ m·w_t / unit. The unit is the larger of
/// Σ_t w_t·max_t / (65535 − 2n − 2) (so the sum of every term's largest contribution, rounding included, fits in u16)
/// and w_max / 255 (so every multiplier fits in u16): at 53 terms a unit is about 1/65,000 of the query's largest
/// possible score, well below the gap between the bounds the pruning compares.
/// </summary>
internal readonly unsafe struct QuantizedBoundQuery
{
    // Row pointers into the postings mapping (or the pinned fallback rows): valid while the segment is referenced.
    private readonly nint[] _rows;
    private readonly ushort[] _mults;
    private readonly int[] _terms;
    // Nibble rows only: per term, the 16 table entries of BlockBoundKernels.AddNibbleRows, padded to 32 (one zmm), then
    // one all-zero table that pads the last pass to four rows.
    private readonly ushort[]? _tables;

    private QuantizedBoundQuery(double unit, int[] terms, ushort[] mults, nint[] rows, int denseCount, ushort[]? tables)
    {
        Unit = unit;
        _terms = terms;
        _mults = mults;
        _rows = rows;
        DenseCount = denseCount;
        _tables = tables;
    }

    /// <summary>Score (before the index scale) of one bound unit.</summary>
    public double Unit { get; }

    /// <summary>Terms whose bounds come from dense rows.</summary>
    public int DenseCount { get; }

    /// <summary>Whether <paramref name="terms"/> query terms leave room for a useful unit (at least 1,024 units for the
    /// weights themselves).</summary>
    public static bool Fits(int terms) => 65535 - 2L * terms - 2 >= 1024;

    /// <summary>The quantized query for <paramref name="core"/>, or null when no query term occurs in the segment.</summary>
    public static QuantizedBoundQuery? Create(SegmentCore core, PreparedQuery query)
    {
        var postings = core.Postings;
        var terms = query.BoundTerms;
        var weights = query.BoundWeights;
        int n = terms.Length;
        if (!Fits(n))
            throw new ArgumentException($"{n} query terms are too many for u16 block bounds.", nameof(query));
        double total = 0, wMax = 0;
        for (int i = 0; i < n; i++)
        {
            var p = postings.Term(terms[i]);
            if (p.DocBlockCount == 0) continue;
            total += (double)weights[i] * p.MaxImpact;
            wMax = Math.Max(wMax, weights[i]);
        }
        if (total <= 0)
            return null;
        // The 1e-7 slack keeps Σ_t max contributions strictly inside the room after the multipliers' own 1e-9 slack.
        double unit = Math.Max(total / (65535 - 2.0 * n - 2), wMax / 255.0) * (1 + 1e-7);
        var mults = new ushort[n];
        var rows = new nint[n];
        bool nibbles = core.BlockBounds.Kind(postings) == DenseRowKind.Nibbles;
        var tables = nibbles ? new ushort[(n + 1) * TableStride] : null;   // + one all-zero table
        int dense = 0;
        for (int i = 0; i < n; i++)
        {
            var p = postings.Term(terms[i]);
            if (p.DocBlockCount == 0) continue;
            // ≥ 256·w/unit, so ⌊m·mult/256⌋ + 1 ≥ m·w/unit for every m ≥ 1; ≤ 256·255 because w ≤ wMax ≤ 255·unit.
            mults[i] = (ushort)Math.Min(ushort.MaxValue, Math.Ceiling(256.0 * weights[i] / unit * (1 + 1e-9)));
            rows[i] = (nint)core.BlockBounds.DenseRow(postings, terms[i], p);
            if (rows[i] == 0) continue;
            dense++;
            // A code's upper value is ≤ the term's max, so its contribution stays within the room the unit left.
            if (tables is not null)
                for (int c = 0; c < 16; c++)
                    tables[i * TableStride + c] = (ushort)(BlockBoundKernels.Contribution((byte)DenseRowLayout.NibbleUpper(c, p.MaxImpact), mults[i]) - 1);
        }
        return new QuantizedBoundQuery(unit, terms, mults, rows, dense, tables);
    }

    private const int TableStride = 32;

    /// <summary>Writes every block's bound (in units) to <paramref name="acc"/>[0..nBlocks): dense rows chunk by chunk
    /// (the chunk's bounds stay in cache while the rows stream through), then the rare terms' sparse lists.</summary>
    public unsafe void Accumulate(SegmentCore core, ushort* acc, int nBlocks, int chunk)
    {
        // Each dense term's "+1 where present" is folded in as +1 everywhere here and −1 where absent in the kernel.
        new Span<ushort>(acc, nBlocks).Fill((ushort)DenseCount);
        if (_tables is not null && chunk % DenseRowLayout.NibbleGroupBlocks != 0)
            throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "chunks must hold whole nibble groups");
        fixed (ushort* tables = _tables)
        {
            byte** rows = stackalloc byte*[BlockBoundKernels.RowsPerPass];
            ushort** rowTables = stackalloc ushort*[BlockBoundKernels.RowsPerPass];
            for (int start = 0; start < nBlocks; start += chunk)
            {
                int len = Math.Min(chunk, nBlocks - start);
                long groupOffset = (long)start / DenseRowLayout.NibbleGroupBlocks * DenseRowLayout.NibbleGroupBytes;
                int k = 0;
                for (int i = 0; i < _rows.Length; i++)
                {
                    byte* row = (byte*)_rows[i];
                    if (row is null) continue;
                    if (tables is null)
                    {
                        BlockBoundKernels.AddDenseRow(acc + start, row + start, _mults[i], len);
                        continue;
                    }
                    rows[k] = row + groupOffset;
                    rowTables[k] = tables + i * TableStride;
                    if (++k == BlockBoundKernels.RowsPerPass)
                    {
                        BlockBoundKernels.AddNibbleRows(acc + start, rows, rowTables, len);
                        k = 0;
                    }
                }
                if (k > 0)
                {
                    // The last pass repeats a row with the all-zero table that follows the terms' tables.
                    for (int r = k; r < BlockBoundKernels.RowsPerPass; r++)
                    {
                        rows[r] = rows[0];
                        rowTables[r] = tables + _rows.Length * TableStride;
                    }
                    BlockBoundKernels.AddNibbleRows(acc + start, rows, rowTables, len);
                }
            }
        }
        var postings = core.Postings;
        for (int i = 0; i < _rows.Length; i++)
        {
            if (_rows[i] != 0 || _mults[i] == 0) continue;
            var p = postings.Term(_terms[i]);
            ushort mult = _mults[i];
            BlockBoundKernels.AddSparseList(acc, p.DocBlocks, p.DocBlockMax, p.DocBlockCount, mult);
        }
    }
}
