using SparseSearch.Encoding;
using SparseSearch.Text;

namespace SparseSearch.Search.Query;

/// <summary>Inference-free query encoding with the index's own idf: each distinct ordinary word piece of the query
/// weighted by ln(N / df); pieces no live document holds are left out.</summary>
internal static class IndexIdfQueryEncoder
{
    public static SparseVector Encode(WordPieceTokenizer tokenizer, float[] idf, string query)
    {
        var ids = tokenizer.EncodeWordPieces(query);
        Array.Sort(ids);
        int count = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((i > 0 && id == ids[i - 1]) || tokenizer.IsSpecialId(id) || (uint)id >= (uint)idf.Length || !(idf[id] > 0f)) continue;
            ids[count++] = id;
        }
        var terms = ids.AsSpan(0, count).ToArray();
        var weights = new float[count];
        for (int i = 0; i < count; i++) weights[i] = idf[terms[i]];
        return new SparseVector(terms, weights);
    }
}
