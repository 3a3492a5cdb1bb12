namespace SparseSearch.Index.Codec;

/// <summary>How a <c>.pst</c> file stores its dense block-bound rows (the byte layout is documented in
/// <see cref="PostingsWriter"/>).</summary>
internal enum DenseRowKind
{
    /// <summary>One u8 block maximum per block (format version 2, and the in-memory rows of version 1 files).</summary>
    Bytes,

    /// <summary>One 4-bit code per block, an upper bound of the block maximum (format version 3).</summary>
    Nibbles,
}

/// <summary>
/// The arithmetic of dense block-bound rows, shared by the postings writer (which documents the row layout of format 3
/// in <see cref="PostingsWriter"/>), the reader's range checks, the checker and the BlockMax kernels: codes, their upper
/// values, and where a block's code sits. A code's upper value is never below the block maximum it encodes, which is all
/// rank safety needs from a row; groups of 64 blocks per 32 bytes let one SIMD load split into two runs of consecutive
/// blocks with no shuffling across lanes.
/// </summary>
internal static class DenseRowLayout
{
    /// <summary>Blocks per group of a nibble row.</summary>
    public const int NibbleGroupBlocks = 64;

    /// <summary>Bytes per group of a nibble row.</summary>
    public const int NibbleGroupBytes = 32;

    /// <summary>Bytes of a row over <paramref name="blocks"/> blocks (a nibble row is padded to whole groups with code 0).</summary>
    public static long RowBytes(DenseRowKind kind, int blocks) =>
        kind == DenseRowKind.Bytes ? blocks : (long)((blocks + NibbleGroupBlocks - 1) / NibbleGroupBlocks) * NibbleGroupBytes;

    /// <summary>Quantization step of a term's nibble codes: ⌈max / 15⌉, so the largest maximum gets code ≤ 15.</summary>
    public static int NibbleStep(int termMax) => Math.Max(1, (termMax + 14) / 15);

    /// <summary>Code of block maximum <paramref name="m"/> (0 only for an absent term).</summary>
    public static int NibbleCode(int m, int step) => (m + step - 1) / step;

    /// <summary>The upper bound a code stands for: <c>min(max, code·step)</c>, 0 for code 0.</summary>
    public static int NibbleUpper(int code, int termMax) => Math.Min(termMax, code * NibbleStep(termMax));

    /// <summary>Byte holding block <paramref name="block"/>'s code, and the shift (0 or 4) of its nibble.</summary>
    public static (long Byte, int Shift) NibblePosition(int block) =>
        ((long)(block / NibbleGroupBlocks) * NibbleGroupBytes + (block & 31), (block & 32) == 0 ? 0 : 4);

    /// <summary>Writes the nibble row of a term present in <paramref name="blocks"/> (ascending) with block maxima
    /// <paramref name="maxima"/> into <paramref name="row"/> (<see cref="RowBytes"/> long).</summary>
    public static void EncodeNibbles(ReadOnlySpan<uint> blocks, ReadOnlySpan<byte> maxima, Span<byte> row, int termMax)
    {
        row.Clear();
        // One code per possible maximum, so the per-block loop has no divide (a merge encodes every dense term's row).
        Span<byte> codes = stackalloc byte[256];
        int step = NibbleStep(termMax);
        for (int m = 0; m < 256; m++) codes[m] = (byte)NibbleCode(m, step);
        for (int k = 0; k < blocks.Length; k++)
        {
            var (at, shift) = NibblePosition((int)blocks[k]);
            row[(int)at] |= (byte)(codes[maxima[k]] << shift);
        }
    }
}
