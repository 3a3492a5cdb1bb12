using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SparseSearch.Search.Dense;

/// <summary>Integer dot product of two int8 vectors (exact in int32 for dimensions up to 2^17).</summary>
internal static class Int8Dot
{
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        int n = a.Length, i = 0, sum = 0;
        if (Avx2.IsSupported && n >= 32)
        {
            // Widen 32 int8 lanes to two 16-lane int16 halves, then pmaddwd: pairwise int16 products summed into int32.
            var acc = Vector256<int>.Zero;
            ref sbyte ra = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
            ref sbyte rb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b);
            for (; i + 32 <= n; i += 32)
            {
                var va = Vector256.LoadUnsafe(ref ra, (nuint)i);
                var vb = Vector256.LoadUnsafe(ref rb, (nuint)i);
                var (alo, ahi) = Vector256.Widen(va);
                var (blo, bhi) = Vector256.Widen(vb);
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(alo, blo));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(ahi, bhi));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
