using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SparseSearch.Search;

/// <summary>
/// Integer kernels behind <see cref="BlockMaxScorer"/>'s block upper bounds: block bounds are u16 "units" (one unit =
/// <see cref="QuantizedBoundQuery.Unit"/> in score space before the index scale), so one AVX2 instruction handles 16
/// blocks (AVX-512: 32) where float bounds handled 8, and the bound array of a 1M-document segment (125k blocks of 8) is
/// 250 KB instead of 500 KB. The integer results are exact, so every SIMD width and the scalar path agree bit for bit.
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

    /// <summary>The largest value of <paramref name="acc"/>[0..n).</summary>
    public static int Max(ushort* acc, int n)
    {
        int i = 0;
        int best = 0;
        if (Avx2.IsSupported && n >= 16)
        {
            var mx = Vector256<ushort>.Zero;
            for (; i + 16 <= n; i += 16)
                mx = Avx2.Max(mx, Avx.LoadVector256(acc + i));
            ushort* t = stackalloc ushort[16];
            mx.Store(t);
            for (int j = 0; j < 16; j++) best = Math.Max(best, t[j]);
        }
        for (; i < n; i++) best = Math.Max(best, acc[i]);
        return best;
    }

    /// <summary>Appends to <paramref name="outBlocks"/> every i in [0, n) with lo ≤ acc[i] &lt; hi (1 ≤ lo ≤ 65535); returns the new count.
    /// The SIMD form tests 16 bounds per step and only walks the set bits, since few blocks pass.</summary>
    public static int Collect(ushort* acc, int n, int lo, int hi, int[] outBlocks, int count)
    {
        int i = 0;
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
