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

    /// <summary>Nibble rows <see cref="AddNibbleRows"/> takes per call.</summary>
    public const int RowsPerPass = 4;

    /// <summary>acc[i] += Σ_r tables[r][code of block i in rows[r]] for i in [0, n), wrapping mod 2^16, over
    /// <see cref="RowsPerPass"/> nibble rows (<see cref="Index.Codec.DenseRowLayout"/>) whose group 0 starts at block 0
    /// of <paramref name="acc"/>. The caller fills each table (16 entries, padded to 32) with Contribution(upper value of
    /// the code) − 1, so like <see cref="AddDenseRow"/> an absent term adds −1 and a present one its contribution − 1; a
    /// lookup per block and row is all the kernel does. Four rows share one read and write of the bounds: one row per
    /// pass moved the 500 KB bound array through L2 once per row, which at 1M documents made the rows L2-bound at
    /// 12.7 GB/s (0.33 ms for the median SPLADE query); four per pass read the rows at 24 GB/s (0.18 ms), and eight were
    /// slower again (0.25 ms). A caller with fewer rows repeats one with an all-zero table.</summary>
    public static void AddNibbleRows(ushort* acc, byte** rows, ushort** tables, int n)
    {
        int done = Avx512BW.IsSupported ? AddNibbleRows512(acc, rows, tables, n) : Avx2.IsSupported ? AddNibbleRows256(acc, rows, tables, n) : 0;
        AddNibbleRowsScalar(acc, rows, tables, done, n);
    }

    // How far ahead the nibble kernels ask for each row: with four rows streaming, 2 KB ahead read them fastest on the
    // bench machine (0.18 ms for the median query; 4 KB 0.19–0.20, 8 KB 0.20, none 0.21). Prefetching past a row's end
    // is harmless (a prefetch never faults).
    private const int PrefetchBytes = 2048;

    /// <summary>The AVX-512 steps of <see cref="AddNibbleRows"/>: one group of 64 blocks each, two 32-way u16 table
    /// lookups (vpermw) per row; returns how many blocks it did.</summary>
    internal static int AddNibbleRows512(ushort* acc, byte** rows, ushort** tables, int n)
    {
        byte* r0 = rows[0], r1 = rows[1], r2 = rows[2], r3 = rows[3];
        var t0 = Vector512.Load(tables[0]);
        var t1 = Vector512.Load(tables[1]);
        var t2 = Vector512.Load(tables[2]);
        var t3 = Vector512.Load(tables[3]);
        int i = 0;
        for (; i + 64 <= n; i += 64)
        {
            int o = i >> 1;
            var lo = Vector512.Load(acc + i);
            var hi = Vector512.Load(acc + i + 32);
            LookUp512(ref lo, ref hi, r0 + o, t0);
            LookUp512(ref lo, ref hi, r1 + o, t1);
            LookUp512(ref lo, ref hi, r2 + o, t2);
            LookUp512(ref lo, ref hi, r3 + o, t3);
            Vector512.Store(lo, acc + i);
            Vector512.Store(hi, acc + i + 32);
        }
        return i;
    }

    /// <summary>Adds one row's group (32 bytes: blocks 0..31 in the low nibbles, 32..63 in the high ones) to
    /// <paramref name="lo"/> and <paramref name="hi"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LookUp512(ref Vector512<ushort> lo, ref Vector512<ushort> hi, byte* group, Vector512<ushort> table)
    {
        Sse.Prefetch0(group + PrefetchBytes);
        var w = Avx512BW.ConvertToVector512UInt16(Avx.LoadVector256(group));
        lo += Avx512BW.PermuteVar32x16(table, w & Vector512.Create((ushort)15));
        hi += Avx512BW.PermuteVar32x16(table, Avx512BW.ShiftRightLogical(w, 4));
    }

    /// <summary>The AVX2 steps of <see cref="AddNibbleRows"/>: one group of 64 blocks each, looked up with byte shuffles
    /// of each table's low and high bytes; returns how many blocks it did.</summary>
    internal static int AddNibbleRows256(ushort* acc, byte** rows, ushort** tables, int n)
    {
        // Per row: the low bytes of its 16 entries, then the high bytes (one vpshufb table each).
        byte* split = stackalloc byte[RowsPerPass * 32];
        for (int r = 0; r < RowsPerPass; r++)
            for (int c = 0; c < 16; c++)
            {
                split[r * 32 + c] = (byte)tables[r][c];
                split[r * 32 + 16 + c] = (byte)(tables[r][c] >> 8);
            }
        var mask = Vector256.Create((byte)15);
        int i = 0;
        for (; i + 64 <= n; i += 64)
        {
            int o = i >> 1;
            var a0 = Avx.LoadVector256(acc + i);
            var a1 = Avx.LoadVector256(acc + i + 16);
            var a2 = Avx.LoadVector256(acc + i + 32);
            var a3 = Avx.LoadVector256(acc + i + 48);
            for (int r = 0; r < RowsPerPass; r++)
            {
                byte* group = rows[r] + o;
                Sse.Prefetch0(group + PrefetchBytes);
                var tl = Vector256.Create(Vector128.Load(split + r * 32));
                var th = Vector256.Create(Vector128.Load(split + r * 32 + 16));
                var b = Avx.LoadVector256(group);
                LookUp256(ref a0, ref a1, tl, th, Avx2.And(b, mask));
                LookUp256(ref a2, ref a3, tl, th, Avx2.And(Avx2.ShiftRightLogical(b.AsUInt16(), 4).AsByte(), mask));
            }
            Avx.Store(acc + i, a0);
            Avx.Store(acc + i + 16, a1);
            Avx.Store(acc + i + 32, a2);
            Avx.Store(acc + i + 48, a3);
        }
        return i;
    }

    /// <summary>first += table[codes[0..16)], second += table[codes[16..32)]: the shuffles give the low and high bytes
    /// per code; interleaving them works within 128-bit lanes, so the two halves are put back in block order with a
    /// cross-lane permute.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LookUp256(ref Vector256<ushort> first, ref Vector256<ushort> second, Vector256<byte> tl, Vector256<byte> th,
        Vector256<byte> codes)
    {
        var l = Avx2.Shuffle(tl, codes);
        var h = Avx2.Shuffle(th, codes);
        var a = Avx2.UnpackLow(l, h).AsUInt16();   // blocks 0..7 | 16..23
        var b = Avx2.UnpackHigh(l, h).AsUInt16();  // blocks 8..15 | 24..31
        first = Avx2.Add(first, Avx2.Permute2x128(a, b, 0x20));
        second = Avx2.Add(second, Avx2.Permute2x128(a, b, 0x31));
    }

    /// <summary>The scalar form of <see cref="AddNibbleRows"/> for blocks [<paramref name="from"/>, n) (tails, and machines
    /// without AVX2).</summary>
    internal static void AddNibbleRowsScalar(ushort* acc, byte** rows, ushort** tables, int from, int n)
    {
        for (int i = from; i < n; i++)
        {
            var (at, shift) = Index.Codec.DenseRowLayout.NibblePosition(i);
            int sum = acc[i];
            for (int r = 0; r < RowsPerPass; r++)
                sum += tables[r][(rows[r][at] >> shift) & 15];
            acc[i] = (ushort)sum;
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
