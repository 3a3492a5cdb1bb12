using System.Text.Json;

namespace SparseSearch.Evaluation.Beir;

/// <summary>Field access shared by the BEIR JSONL readers, returning an error text instead of throwing.</summary>
internal static class JsonFields
{
    /// <summary>An id field: a JSON string, or a number taken verbatim (some BEIR exports write numeric ids).</summary>
    public static string? Id(JsonElement obj, string name, out string? error)
    {
        error = null;
        if (!obj.TryGetProperty(name, out var v))
        {
            error = $"missing \"{name}\" (expected a string id)";
            return null;
        }
        switch (v.ValueKind)
        {
            case JsonValueKind.String:
                var s = v.GetString()!;
                if (s.Length == 0)
                    error = $"\"{name}\" is empty";
                else if (HasWhitespace(s))
                    error = $"\"{name}\" \"{s}\" contains whitespace, which TREC run files cannot carry";
                return error is null ? s : null;
            case JsonValueKind.Number:
                return v.GetRawText();
            default:
                error = $"\"{name}\" is a JSON {v.ValueKind}, expected a string";
                return null;
        }
    }

    /// <summary>A text field: a JSON string; absent or null gives <paramref name="missing"/> (null = required).</summary>
    public static string? Text(JsonElement obj, string name, string? missing, out string? error)
    {
        error = null;
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (missing is null)
                error = $"missing \"{name}\" (expected a string)";
            return missing;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            error = $"\"{name}\" is a JSON {v.ValueKind}, expected a string";
            return null;
        }
        return v.GetString();
    }

    private static bool HasWhitespace(string s)
    {
        foreach (var c in s)
            if (char.IsWhiteSpace(c))
                return true;
        return false;
    }
}
