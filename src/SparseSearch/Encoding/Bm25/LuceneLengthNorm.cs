namespace SparseSearch.Encoding.Bm25;

/// <summary>
/// Lucene's one-byte document-length norm (SmallFloat.intToByte4 / byte4ToInt): lengths 0-23 are exact, longer ones
/// keep 4 significant bits (a float-like code with 3 explicit mantissa bits). BM25 scores with the decoded length,
/// so matching Lucene's scores means quantising lengths exactly like this.
/// </summary>
public static class LuceneLengthNorm
{
    /// <summary>Byte values below this encode themselves: 255 - Int4(int.MaxValue) = 24.</summary>
    public const int ExactValues = 24;

    private static readonly int[] Decoded = BuildDecodeTable();

    /// <summary>Encodes a field length (number of tokens, ≥ 0).</summary>
    public static byte Encode(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return length < ExactValues ? (byte)length : (byte)(ExactValues + Int4(length - ExactValues));
    }

    /// <summary>The length a norm byte stands for (the lower bound of the lengths that encode to it).</summary>
    public static int Decode(byte norm) => Decoded[norm];

    private static int[] BuildDecodeTable()
    {
        var table = new int[256];
        for (int i = 0; i < 256; i++)
            table[i] = i < ExactValues ? i : (int)(ExactValues + Int4ToLong(i - ExactValues));
        return table;
    }

    /// <summary>4 significant bits: values below 8 as they are, others as (shift + 1) &lt;&lt; 3 | next three bits.</summary>
    private static int Int4(long value)
    {
        int bits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)value);
        if (bits < 4)
            return (int)value;
        int shift = bits - 4;
        return (int)((value >> shift) & 0x07) | ((shift + 1) << 3);
    }

    private static long Int4ToLong(int code)
    {
        long mantissa = code & 0x07;
        int shift = (code >> 3) - 1;
        return shift == -1 ? mantissa : (mantissa | 0x08) << shift;
    }
}
