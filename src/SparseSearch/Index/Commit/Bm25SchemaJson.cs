using System.Text.Json;

namespace SparseSearch.Index.Commit;

/// <summary>The <c>bm25</c> object of a commit's schema: <c>{analyzer, k1Bits, bBits}</c> (floats as their IEEE bits,
/// so k1 and b round-trip exactly, like the impact scale).</summary>
internal static class Bm25SchemaJson
{
    public static void Write(Utf8JsonWriter w, Bm25FieldSchema field)
    {
        w.WriteStartObject("bm25");
        w.WriteString("analyzer", field.Analyzer);
        w.WriteNumber("k1Bits", BitConverter.SingleToInt32Bits(field.K1));
        w.WriteNumber("bBits", BitConverter.SingleToInt32Bits(field.B));
        w.WriteEndObject();
    }

    /// <summary>The field, or null when the schema has none.</summary>
    public static Bm25FieldSchema? Read(JsonElement schema)
    {
        if (!schema.TryGetProperty("bm25", out var el) || el.ValueKind == JsonValueKind.Null)
            return null;
        return new Bm25FieldSchema
        {
            Analyzer = el.GetProperty("analyzer").GetString() ?? throw new FormatException("bm25 analyzer is null"),
            K1 = BitConverter.Int32BitsToSingle(el.GetProperty("k1Bits").GetInt32()),
            B = BitConverter.Int32BitsToSingle(el.GetProperty("bBits").GetInt32()),
        };
    }
}
