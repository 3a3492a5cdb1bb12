using SparseSearch.Encoding.Bm25;

namespace SparseSearch.Search.Bm25;

/// <summary>One query term's part of a document's BM25 score.</summary>
/// <param name="Term">The analysed term.</param>
/// <param name="QueryCount">Occurrences in the query (Lucene's boost for a repeated clause).</param>
/// <param name="Tf">Occurrences in the document (0 = no contribution).</param>
/// <param name="DocFreq">Documents holding the term over the snapshot (deleted ones until merged away, as Lucene).</param>
/// <param name="Idf">ln(1 + (N − df + 0.5) / (df + 0.5)), as a float.</param>
/// <param name="DocLength">The document length BM25 used: its norm byte decoded (exact below 24 tokens).</param>
/// <param name="Score">The term's contribution.</param>
public sealed record Bm25TermContribution(string Term, int QueryCount, int Tf, long DocFreq, float Idf, int DocLength, float Score);

/// <summary>Why a document scored what it did: its total and each query term's contribution, in query order.</summary>
public sealed record Bm25Explanation(float Score, IReadOnlyList<Bm25TermContribution> Terms, Bm25CollectionStatistics? Statistics);
