using System.Numerics;
using System.Runtime.InteropServices;

namespace SparseSearch.Index.Store;

/// <summary>CRC-32C (Castagnoli) over byte spans, using the hardware instruction behind <see cref="BitOperations.Crc32C(uint, ulong)"/>.</summary>
internal static class Crc32C
{
    /// <summary>Initial register value; pass the result of successive <see cref="Update"/> calls to <see cref="Finish"/>.</summary>
    public const uint Seed = 0xFFFFFFFFu;

    /// <summary>Feeds <paramref name="data"/> into the running register <paramref name="crc"/>.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        // 8 bytes per instruction: checksumming every file fully at open must stay a small fraction of the read cost.
        var longs = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var v in longs)
            crc = BitOperations.Crc32C(crc, v);
        for (int i = longs.Length * 8; i < data.Length; i++)
            crc = BitOperations.Crc32C(crc, data[i]);
        return crc;
    }

    /// <summary>Final value of a register.</summary>
    public static uint Finish(uint crc) => ~crc;

    /// <summary>CRC-32C of a whole span.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Seed, data));
}
