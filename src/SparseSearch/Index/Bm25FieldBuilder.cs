using SparseSearch.Encoding.Bm25;
using SparseSearch.Index.Codec;

namespace SparseSearch.Index;

/// <summary>
/// Inverts a flush's analysed BM25 documents and writes the segment's BM25 files: terms get ordinals in a hash, the
/// (ordinal, tf) pairs of every document go into flat arrays, a counting sort by ordinal yields each term's postings
/// in doc order, and the terms are written in UTF-8 byte order. Memory is a few arrays per flush, not per posting.
/// </summary>
internal static class Bm25FieldBuilder
{
    /// <summary>Writes <c>name.btm/.bps/.bnm</c> for <paramref name="docs"/> (null = a document without text).</summary>
    public static void Write(Func<string, string> path, byte[] segmentId, IReadOnlyList<TermFrequencies?> docs)
    {
        int n = docs.Count;
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = new List<string>();
        var lastPos = new List<int>();
        long total = 0;
        foreach (var d in docs)
            total += d?.Terms.Count ?? 0;
        if (total > int.MaxValue)
            throw new InvalidOperationException("Too many BM25 postings for one flush; lower MaxBufferedDocs.");
        var pairOrd = new int[total];
        var pairTf = new int[total];
        var docStart = new int[n + 1];
        var norms = new byte[n];
        int pos = 0;
        for (int i = 0; i < n; i++)
        {
            docStart[i] = pos;
            var d = docs[i];
            if (d is null)
                continue;
            norms[i] = LuceneLengthNorm.Encode(d.Length);
            for (int j = 0; j < d.Terms.Count; j++)
            {
                // Terms are stored as UTF-8, where a lone surrogate becomes U+FFFD; key by that form so two such
                // spellings are one term, and add their counts when one document holds both.
                string key = WellFormed(d.Terms[j]);
                if (!ordinals.TryGetValue(key, out int ord))
                {
                    ord = terms.Count;
                    ordinals.Add(key, ord);
                    terms.Add(key);
                    lastPos.Add(-1);
                }
                if (lastPos[ord] >= docStart[i])
                {
                    pairTf[lastPos[ord]] += d.Counts[j];
                    continue;
                }
                lastPos[ord] = pos;
                pairOrd[pos] = ord;
                pairTf[pos] = d.Counts[j];
                pos++;
            }
        }
        docStart[n] = pos;

        int termCount = terms.Count;
        var start = new int[termCount + 1];
        for (int p = 0; p < pos; p++)
            start[pairOrd[p] + 1]++;
        for (int t = 0; t < termCount; t++)
            start[t + 1] += start[t];
        var fill = new int[termCount];
        Array.Copy(start, fill, termCount);
        var postDocs = new int[pos];
        var postTfs = new int[pos];
        for (int i = 0; i < n; i++)
        {
            for (int p = docStart[i]; p < docStart[i + 1]; p++)
            {
                int slot = fill[pairOrd[p]]++;
                postDocs[slot] = i;
                postTfs[slot] = pairTf[p];
            }
        }

        var utf8 = new byte[termCount][];
        var order = new int[termCount];
        for (int t = 0; t < termCount; t++)
        {
            utf8[t] = System.Text.Encoding.UTF8.GetBytes(terms[t]);
            order[t] = t;
        }
        // Byte-wise UTF-8 order, not UTF-16 ordinal order: they differ for supplementary characters, and the
        // dictionary's binary search compares bytes.
        Array.Sort(order, (a, b) => utf8[a].AsSpan().SequenceCompareTo(utf8[b]));

        using var writer = new Bm25FieldWriter(path(Bm25Files.TermsExt), path(Bm25Files.PostingsExt), path(Bm25Files.NormsExt), segmentId, norms);
        foreach (int t in order)
            writer.AddTerm(utf8[t], postDocs.AsSpan(start[t], start[t + 1] - start[t]), postTfs.AsSpan(start[t], start[t + 1] - start[t]));
        writer.Finish();
    }

    private static string WellFormed(string term)
    {
        for (int i = 0; i < term.Length; i++)
        {
            if (!char.IsSurrogate(term[i]))
                continue;
            if (char.IsHighSurrogate(term[i]) && i + 1 < term.Length && char.IsLowSurrogate(term[i + 1]))
            {
                i++;
                continue;
            }
            return System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(term));
        }
        return term;
    }
}
