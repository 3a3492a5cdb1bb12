using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Search.Query;
using SparseSearch.Text;

namespace SparseSearch.Search.Explain;

/// <summary>Per-term explanations of impact scores: the query terms a document holds, query weight × document weight.</summary>
public static class TermExplainer
{
    /// <summary>
    /// Adds to <paramref name="into"/> each term of <paramref name="query"/> that <paramref name="doc"/> holds, with
    /// the document's dequantised weight (impact × scale) and the product, heaviest contribution first.
    /// </summary>
    public static void Explain(string retriever, SparseVector query, IndexSegment segment, int doc, WordPieceTokenizer? tokenizer, List<MatchedTerm> into)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(into);
        var (terms, impacts) = segment.GetImpacts(doc);
        int start = into.Count;
        int i = 0, j = 0;
        while (i < query.Count && j < terms.Length)
        {
            int qt = query.TermIds[i];
            if (qt < terms[j]) i++;
            else if (qt > terms[j]) j++;
            else
            {
                float qw = query.Weights[i], dw = impacts[j] * segment.Scale;
                if (qw > 0f)
                    into.Add(new MatchedTerm(retriever, TokenOf(tokenizer, qt), qt, qw, dw, qw * dw));
                i++;
                j++;
            }
        }
        into.Sort(start, into.Count - start, Comparer<MatchedTerm>.Create(static (a, b) =>
        {
            int c = b.Contribution.CompareTo(a.Contribution);
            return c != 0 ? c : a.TermId.CompareTo(b.TermId);
        }));
    }

    /// <summary>The vocabulary token of a term id, or <c>#id</c> when no tokenizer is loaded.</summary>
    public static string TokenOf(WordPieceTokenizer? tokenizer, int termId) =>
        tokenizer is not null && (uint)termId < (uint)tokenizer.VocabSize ? tokenizer.GetToken(termId) : "#" + termId;
}
