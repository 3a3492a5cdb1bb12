namespace SparseSearch.Indexing;

/// <summary>
/// How the bulk indexer picks the index's single impact quantisation scale (<see cref="Index.IndexSchema.ImpactScale"/>:
/// weight = impact × scale, impacts are u8).
/// </summary>
/// <remarks>
/// <para>Scales are rounded <b>up</b> to 16 significant bits. Then every <c>impact × scale</c> (impact ≤ 255, 8 bits)
/// is exact in float32, so an exported weight re-imported with the same scale quantises back to the same impact, and
/// <c>roundUp(255 × scale / 255) == scale</c>: re-importing an export whose largest impact is 255 finds the same scale
/// on its own.</para>
/// <para>Pre-encoded input: a first pass finds the largest weight <c>M</c>; scale = roundUp(M / 255): nothing
/// saturates. Live encoding cannot see the future, so the scale comes from the first chunk's largest weight times
/// <see cref="LiveHeadroom"/> (on SciFact with splade-tiny the first 256 documents peak at 2.55, all 5,183 at 2.70);
/// a later weight above 255 × scale is stored as 255 and counted by the writer.</para>
/// </remarks>
public static class ImpactScales
{
    /// <summary>Margin over the first chunk's largest weight when encoding live.</summary>
    public const float LiveHeadroom = 1.25f;

    /// <summary>Scale for a largest weight <paramref name="maxWeight"/> mapped to impact 255.</summary>
    public static float ForMaxWeight(float maxWeight)
    {
        if (!(maxWeight > 0f) || !float.IsFinite(maxWeight)) return RoundUp16(1f / 255f);
        return RoundUp16(maxWeight / 255f);
    }

    /// <summary>Rounds a positive float up to 16 significant bits (clearing the low 8 mantissa bits).</summary>
    public static float RoundUp16(float value)
    {
        int bits = BitConverter.SingleToInt32Bits(value);
        const int low = 0xFF;
        if ((bits & low) == 0) return value;
        return BitConverter.Int32BitsToSingle((bits & ~low) + low + 1);
    }
}
