using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SparseSearch.Search;

/// <summary>
/// Integer kernels behind <see cref="BlockMaxScorer"/>'s block upper bounds: block bounds are u16 "units" (one unit =
/// <see cref="QuantizedBoundQuery.Unit"/> in score space before the index scale), so one AVX2 instruction handles 16
/// blocks (AVX-512: 32) where float bounds handled 8, and the bound array of a 1M-document segment (250k blocks of 4) is
/// 500 KB instead of 1 MB, so it stays in L2. The integer results are exact, so every SIMD width and the scalar path
/// agree bit for bit.
/// </summary>
internal static unsafe class BlockBoundKernels
{
    /// <summary>Per-block contribution of a term with multiplier <paramref name="mult"/>: <c>⌊m·mult/256⌋ + [m &gt; 0]</c>,
    /// which is ≥ m·w/unit whenever mult ≥ 256·w/unit (the floor loses less than 1, the +1 gives it back) and exactly 0
    /// where the term is absent, so a block with no query term has bound 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Contribution(byte m, ushort mult) => m == 0 ? 0 : ((m * mult) >> 8) + 1;

    /// <summary>acc[i] += Contribution(row[i], mult) − 1 for i in [0, n), wrapping mod 2^16: the caller adds the 1 per
    /// dense term up front, once for the whole row (the true sums stay below 2^16 by the caller's choice of unit, so
    /// the wrap-around cancels). In SIMD terms: <c>mulhi(m·256, mult)</c> = ⌊m·mult/256⌋, plus the all-ones (−1) mask of
    /// m == 0.</summary>
    public static void AddDenseRow(ushort* acc, byte* row, ushort mult, int n)
    {
        int done = Avx512BW.IsSupported ? AddDenseRow512(acc, row, mult, n) : Avx2.IsSupported ? AddDenseRow256(acc, row, mult, n) : 0;
        AddDenseRowScalar(acc + done, row + done, mult, n - done);
    }

    /// <summary>The AVX-512 steps of <see cref="AddDenseRow"/>: 32 blocks each; returns how many blocks it did.</summary>
    internal static int AddDenseRow512(ushort* acc, byte* row, ushort mult, int n)
    {
        var mv = Vector512.Create(mult);
        int i = 0;
        for (; i + 32 <= n; i += 32)
        {
            var m = Avx512BW.ConvertToVector512UInt16(Avx.LoadVector256(row + i));
            var c = Avx512BW.MultiplyHigh(Avx512BW.ShiftLeftLogical(m, 8), mv);
            var z = Avx512BW.CompareEqual(m, Vector512<ushort>.Zero);
            Vector512.Store(Vector512.Load(acc + i) + c + z, acc + i);
        }
        return i;
    }

    /// <summary>The AVX2 steps of <see cref="AddDenseRow"/>: 16 blocks each; returns how many blocks it did.</summary>
    internal static int AddDenseRow256(ushort* acc, byte* row, ushort mult, int n)
    {
        var mv = Vector256.Create(mult);
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var m = Avx2.ConvertToVector256Int16(row + i).AsUInt16();
            var c = Avx2.MultiplyHigh(Avx2.ShiftLeftLogical(m, 8), mv);
            var z = Avx2.CompareEqual(m, Vector256<ushort>.Zero);
            Avx.Store(acc + i, Avx2.Add(Avx2.Add(Avx.LoadVector256(acc + i), c), z));
        }
        return i;
    }

    /// <summary>The scalar form of <see cref="AddDenseRow"/> (tails, and machines without AVX2).</summary>
    internal static void AddDenseRowScalar(ushort* acc, byte* row, ushort mult, int n)
    {
        for (int i = 0; i < n; i++)
        {
            byte m = row[i];
            acc[i] = (ushort)(acc[i] + ((m * mult) >> 8) - (m == 0 ? 1 : 0));
        }
    }

    /// <summary>acc[blocks[j]] += Contribution(max[j], mult) for a term's sparse block list, whose maxima are ≥ 1 (the
    /// branch-free form gives a block with max 0 a contribution of 1, still an upper bound). Unrolled by 4 so four
    /// independent read-modify-writes are in flight: 0.73 against 1.0 ns per entry for the plain loop, in a
    /// microbenchmark on the bench machine.</summary>
    public static void AddSparseList(ushort* acc, uint* blocks, byte* max, int count, ushort mult)
    {
        int j = 0;
        for (; j + 4 <= count; j += 4)
        {
            uint b0 = blocks[j], b1 = blocks[j + 1], b2 = blocks[j + 2], b3 = blocks[j + 3];
            int c0 = ((max[j] * mult) >> 8) + 1, c1 = ((max[j + 1] * mult) >> 8) + 1;
            int c2 = ((max[j + 2] * mult) >> 8) + 1, c3 = ((max[j + 3] * mult) >> 8) + 1;
            acc[b0] += (ushort)c0;
            acc[b1] += (ushort)c1;
            acc[b2] += (ushort)c2;
            acc[b3] += (ushort)c3;
        }
        for (; j < count; j++)
            acc[blocks[j]] += (ushort)(((max[j] * mult) >> 8) + 1);
    }

    /// <summary>acc[i] += table[code of block i] for i in [0, n), wrapping mod 2^16, over a nibble row
    /// (<see cref="Index.Codec.DenseRowLayout"/>) whose group 0 starts at block 0 of <paramref name="acc"/>. The caller
    /// fills <paramref name="table"/> (16 entries, padded to 32) with Contribution(upper value of the code) − 1, so like
    /// <see cref="AddDenseRow"/> an absent term adds −1 and a present one its contribution − 1; a lookup per block is
    /// all the kernel does.</summary>
    public static void AddNibbleRow(ushort* acc, byte* row, ushort* table, int n)
    {
        int done = Avx512BW.IsSupported ? AddNibbleRow512(acc, row, table, n) : Avx2.IsSupported ? AddNibbleRow256(acc, row, table, n) : 0;
        AddNibbleRowScalar(acc, row, table, done, n);
    }

    // How far ahead the nibble kernels ask for their row: the hardware prefetcher alone left the rows at about 9 GB/s on
    // the bench machine; 4 KB ahead reached 12.7 GB/s, the machine's plain streaming read rate (2 KB: 10.6; 8 KB: no
    // better). Prefetching past the row's end is harmless (a prefetch never faults).
    private const int PrefetchBytes = 4096;

    /// <summary>The AVX-512 steps of <see cref="AddNibbleRow"/>: one group of 64 blocks each, two 32-way u16 table
    /// lookups (vpermw); returns how many blocks it did.</summary>
    internal static int AddNibbleRow512(ushort* acc, byte* row, ushort* table, int n)
    {
        var tab = Vector512.Load(table);
        var low = Vector512.Create((ushort)15);
        int i = 0;
        for (; i + 64 <= n; i += 64)
        {
            Sse.Prefetch0(row + (i >> 1) + PrefetchBytes);
            var w = Avx512BW.ConvertToVector512UInt16(Avx.LoadVector256(row + (i >> 1)));
            var lo = Avx512BW.PermuteVar32x16(tab, w & low);
            var hi = Avx512BW.PermuteVar32x16(tab, Avx512BW.ShiftRightLogical(w, 4));
            Vector512.Store(Vector512.Load(acc + i) + lo, acc + i);
            Vector512.Store(Vector512.Load(acc + i + 32) + hi, acc + i + 32);
        }
        return i;
    }

    /// <summary>The AVX2 steps of <see cref="AddNibbleRow"/>: one group of 64 blocks each, looked up with byte shuffles
    /// of the table's low and high bytes; returns how many blocks it did.</summary>
    internal static int AddNibbleRow256(ushort* acc, byte* row, ushort* table, int n)
    {
        byte* lowBytes = stackalloc byte[16], highBytes = stackalloc byte[16];
        for (int c = 0; c < 16; c++)
        {
            lowBytes[c] = (byte)table[c];
            highBytes[c] = (byte)(table[c] >> 8);
        }
        var tl = Vector256.Create(Vector128.Load(lowBytes));
        var th = Vector256.Create(Vector128.Load(highBytes));
        var mask = Vector256.Create((byte)15);
        int i = 0;
        for (; i + 64 <= n; i += 64)
        {
            Sse.Prefetch0(row + (i >> 1) + PrefetchBytes);
            var b = Avx.LoadVector256(row + (i >> 1));
            AddLookedUp256(acc + i, tl, th, Avx2.And(b, mask));
            AddLookedUp256(acc + i + 32, tl, th, Avx2.And(Avx2.ShiftRightLogical(b.AsUInt16(), 4).AsByte(), mask));
        }
        return i;
    }

    /// <summary>acc[0..32) += table[codes[0..32)]: the shuffles give the low and high bytes per code; interleaving them
    /// works within 128-bit lanes, so the two halves are put back in block order with a cross-lane permute.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddLookedUp256(ushort* acc, Vector256<byte> tl, Vector256<byte> th, Vector256<byte> codes)
    {
        var l = Avx2.Shuffle(tl, codes);
        var h = Avx2.Shuffle(th, codes);
        var a = Avx2.UnpackLow(l, h).AsUInt16();   // blocks 0..7 | 16..23
        var b = Avx2.UnpackHigh(l, h).AsUInt16();  // blocks 8..15 | 24..31
        Avx.Store(acc, Avx2.Add(Avx.LoadVector256(acc), Avx2.Permute2x128(a, b, 0x20)));
        Avx.Store(acc + 16, Avx2.Add(Avx.LoadVector256(acc + 16), Avx2.Permute2x128(a, b, 0x31)));
    }

    /// <summary>The scalar form of <see cref="AddNibbleRow"/> for blocks [<paramref name="from"/>, n) (tails, and machines
    /// without AVX2).</summary>
    internal static void AddNibbleRowScalar(ushort* acc, byte* row, ushort* table, int from, int n)
    {
        for (int i = from; i < n; i++)
        {
            var (at, shift) = Index.Codec.DenseRowLayout.NibblePosition(i);
            acc[i] = (ushort)(acc[i] + table[(row[at] >> shift) & 15]);
        }
    }

    /// <summary>Blocks per region of <see cref="RegionMaxima"/>: a multiple of the SIMD steps.</summary>
    public const int RegionBlocks = 1024;

    /// <summary>Regions of <see cref="RegionBlocks"/> blocks covering <paramref name="n"/> blocks.</summary>
    public static int RegionCount(int n) => (n + RegionBlocks - 1) / RegionBlocks;

    /// <summary>Writes the largest value of each region of <paramref name="acc"/>[0..n) to
    /// <paramref name="regionMax"/> (<see cref="RegionCount"/> entries) and returns the largest overall. The passes of
    /// <see cref="Collect"/> then skip every region below their interval: on a reordered segment the high bounds sit in
    /// few regions, so the later passes read a small part of the bounds instead of all of them.</summary>
    public static int RegionMaxima(ushort* acc, int n, ushort* regionMax)
    {
        int best = 0;
        ushort* t = stackalloc ushort[16];
        for (int r = 0, start = 0; start < n; r++, start += RegionBlocks)
        {
            int end = Math.Min(n, start + RegionBlocks), i = start, m = 0;
            if (Avx2.IsSupported && end - start >= 16)
            {
                var mx = Vector256<ushort>.Zero;
                for (; i + 16 <= end; i += 16)
                    mx = Avx2.Max(mx, Avx.LoadVector256(acc + i));
                mx.Store(t);
                for (int j = 0; j < 16; j++) m = Math.Max(m, t[j]);
            }
            for (; i < end; i++) m = Math.Max(m, acc[i]);
            regionMax[r] = (ushort)m;
            best = Math.Max(best, m);
        }
        return best;
    }

    /// <summary>Appends to <paramref name="outBlocks"/> every i in [0, n) with lo ≤ acc[i] &lt; hi (1 ≤ lo ≤ 65535),
    /// in ascending order, skipping the regions whose <see cref="RegionMaxima"/> entry is below lo; returns the new count.
    /// The SIMD form tests 16 bounds per step and only walks the set bits, since few blocks pass.</summary>
    public static int Collect(ushort* acc, int n, ushort* regionMax, int lo, int hi, int[] outBlocks, int count)
    {
        for (int r = 0, start = 0; start < n; r++, start += RegionBlocks)
            if (regionMax[r] >= lo)
                count = CollectRange(acc, start, Math.Min(n, start + RegionBlocks), lo, hi, outBlocks, count);
        return count;
    }

    private static int CollectRange(ushort* acc, int i, int n, int lo, int hi, int[] outBlocks, int count)
    {
        if (Avx2.IsSupported)
        {
            var vlo = Vector256.Create((ushort)lo);
            bool capped = hi <= ushort.MaxValue;                                             // else no upper test
            var vhi = Vector256.Create((ushort)Math.Min(hi, ushort.MaxValue));
            for (; i + 16 <= n; i += 16)
            {
                var a = Avx.LoadVector256(acc + i);
                var ge = Avx2.CompareEqual(Avx2.Max(a, vlo), a);                         // a ≥ lo
                if (capped)
                    ge = Avx2.AndNot(Avx2.CompareEqual(Avx2.Max(a, vhi), a), ge);      // and not a ≥ hi
                uint bits = (uint)Avx2.MoveMask(ge.AsByte()) & 0x55555555u;
                while (bits != 0)
                {
                    int lane = BitOperations.TrailingZeroCount(bits) >> 1;
                    bits &= bits - 1;
                    outBlocks[count++] = i + lane;
                }
            }
        }
        for (; i < n; i++)
        {
            int a = acc[i];
            if (a >= lo && a < hi) outBlocks[count++] = i;
        }
        return count;
    }
}
