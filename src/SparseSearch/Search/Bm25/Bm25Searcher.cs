using System.Buffers;
using SparseSearch.Encoding.Bm25;
using SparseSearch.Index;
using SparseSearch.Index.Codec;
using SparseSearch.Text.Analysis;

namespace SparseSearch.Search.Bm25;

/// <summary>
/// BM25 search over a snapshot's BM25 field with Lucene 9.8's scores (<see cref="Bm25TermScorer"/>, a bag-of-words
/// query of SHOULD clauses, a repeated term boosted by its count, clause scores summed in double in query-term order
/// and rounded to float — the arithmetic of <see cref="InMemoryBm25Index"/>, so equal inputs give bit-equal scores).
/// <para><b>Statistics.</b> N (docCount) and the average length come from the segments' field statistics summed over
/// the snapshot and df from their dictionaries: deleted documents count until a merge drops them, as in Lucene
/// (its IndexSearcher uses the index-wide statistics, deletes included). On an index without deletes, or after a
/// merge expunged them, the scores equal Lucene's. Deleted documents are never returned.</para>
/// <para><b>Order.</b> Higher score first; ties by ascending segment ordinal, then doc (index order), like every
/// search mode.</para>
/// Thread-safe; valid while the snapshot is open.
/// </summary>
public sealed class Bm25Searcher
{
    private readonly IndexSnapshot _snapshot;
    private readonly Bm25FieldReader[] _fields;
    private readonly ITextAnalyzer _analyzer;

    /// <summary>A searcher over <paramref name="snapshot"/>, which must have a BM25 field.</summary>
    /// <exception cref="InvalidOperationException">The index has no BM25 field.</exception>
    public Bm25Searcher(IndexSnapshot snapshot)
    {
        _snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot));
        Field = snapshot.Schema.Bm25 ?? throw new InvalidOperationException(
            $"The index in {snapshot.Directory} has no BM25 field; rebuild it with the BM25 field enabled to search in bm25 mode.");
        Parameters = Field.Parameters;
        _analyzer = Field.CreateAnalyzer();
        var segments = snapshot.Segments;
        _fields = new Bm25FieldReader[segments.Count];
        long docs = 0, tokens = 0;
        for (int s = 0; s < segments.Count; s++)
        {
            var f = segments[s].Core.Bm25 ?? throw new InvalidOperationException($"Segment {segments[s].Name} has no BM25 field.");
            _fields[s] = f;
            docs += f.FieldDocCount;
            tokens += f.SumTotalTermFreq;
        }
        Statistics = docs > 0 ? new Bm25CollectionStatistics(docs, tokens) : null;
    }

    /// <summary>The field's analyzer and parameters as recorded in the index.</summary>
    public Bm25FieldSchema Field { get; }

    /// <summary>k1 and b.</summary>
    public Bm25Parameters Parameters { get; }

    /// <summary>Snapshot-wide field statistics (deleted documents included until merged away); null when no document has a token.</summary>
    public Bm25CollectionStatistics? Statistics { get; }

    /// <summary>Analyses <paramref name="queryText"/> with the field's analyzer and resolves its terms in every segment.</summary>
    public Bm25Query Prepare(string queryText)
    {
        ArgumentNullException.ThrowIfNull(queryText);
        var analysed = TermFrequencies.Count(_analyzer, queryText);
        int terms = analysed.Terms.Count;
        var ordinals = new int[terms][];
        var dfs = new long[terms];
        var scorers = new Bm25TermScorer?[terms];
        for (int t = 0; t < terms; t++)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(analysed.Terms[t]);
            ordinals[t] = new int[_fields.Length];
            long df = 0;
            for (int s = 0; s < _fields.Length; s++)
            {
                int ord = _fields[s].Find(utf8);
                ordinals[t][s] = ord;
                if (ord >= 0)
                    df += _fields[s].DocFreq(ord);
            }
            dfs[t] = df;
            if (df > 0 && Statistics is { } stats)
                scorers[t] = new Bm25TermScorer(Parameters, stats, df, analysed.Counts[t]);
        }
        return new Bm25Query(analysed, ordinals, dfs, scorers);
    }

    /// <summary>The top <paramref name="k"/> live documents for <paramref name="queryText"/>.</summary>
    public IReadOnlyList<SearchHit> Search(string queryText, int k) => Search(Prepare(queryText), k);

    /// <summary>
    /// The top <paramref name="k"/> live documents for a prepared query, with rank-safe MaxScore pruning
    /// (<see cref="Bm25MaxScore"/>): the same hits, order and scores as <see cref="SearchExhaustive"/>, bit for bit.
    /// </summary>
    public IReadOnlyList<SearchHit> Search(Bm25Query query, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        CheckQuery(query);
        var collector = new TopKCollector(k);
        var segments = _snapshot.Segments;
        for (int s = 0; s < _fields.Length; s++)
            Bm25MaxScore.ScoreSegment(_fields[s], segments[s], s, query, collector);
        return Hits(collector);
    }

    /// <summary>
    /// The reference scorer: exhaustive term-at-a-time scoring of every posting of every query term, per segment
    /// into a dense accumulator. Same results as <see cref="Search(Bm25Query,int)"/>, slower.
    /// </summary>
    public IReadOnlyList<SearchHit> SearchExhaustive(Bm25Query query, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        CheckQuery(query);
        var collector = new TopKCollector(k);
        var segments = _snapshot.Segments;
        var docs = new int[Bm25Files.BlockSize];
        var tfs = new int[Bm25Files.BlockSize];
        for (int s = 0; s < _fields.Length; s++)
        {
            var field = _fields[s];
            int n = field.DocCount;
            bool any = false;
            for (int t = 0; t < query.Scorers.Length; t++)
                any |= query.Scorers[t] is not null && query.Ordinals[t][s] >= 0;
            if (!any)
                continue;
            // A pooled dense accumulator: plain array indexing per posting, no allocation per hit. Every matching
            // document's sum is > 0 (idf > 0, boost ≥ 1), so 0 marks the untouched ones.
            var sums = ArrayPool<double>.Shared.Rent(n);
            try
            {
                Array.Clear(sums, 0, n);
                for (int t = 0; t < query.Scorers.Length; t++)
                {
                    var scorer = query.Scorers[t];
                    int ord = query.Ordinals[t][s];
                    if (scorer is null || ord < 0)
                        continue;
                    var postings = field.Postings(ord);
                    for (int b = 0; b < postings.BlockCount; b++)
                    {
                        int count = postings.DecodeBlock(b, docs, tfs);
                        for (int i = 0; i < count; i++)
                        {
                            int doc = docs[i];
                            sums[doc] += scorer.Score(tfs[i], field.Norm(doc));
                        }
                    }
                }
                var segment = segments[s];
                for (int d = 0; d < n; d++)
                {
                    if (sums[d] != 0 && segment.IsLive(d))
                        collector.Offer((float)sums[d], s, d);
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(sums);
            }
        }
        return Hits(collector);
    }

    private void CheckQuery(Bm25Query query)
    {
        if (query.Ordinals.Length > 0 && query.Ordinals[0].Length != _fields.Length)
            throw new ArgumentException("The query was prepared by another searcher.", nameof(query));
    }

    private SearchHit[] Hits(TopKCollector collector)
    {
        var best = collector.Drain();
        var hits = new SearchHit[best.Length];
        for (int i = 0; i < best.Length; i++)
        {
            var (score, seg, doc) = best[i];
            hits[i] = new SearchHit(_snapshot.Segments[seg].GetId(doc), score, seg, doc);
        }
        return hits;
    }

    /// <summary>
    /// The exact BM25 score of one document (live or not) for <paramref name="queryText"/>: equal, bit for bit, to the
    /// score <see cref="Search(string,int)"/> gives it; 0 when no query term occurs in it. For hybrid fusion, where a
    /// document found only by another retriever still needs its BM25 score.
    /// </summary>
    public float Score(string queryText, int segment, int doc) => Score(Prepare(queryText), segment, doc);

    /// <inheritdoc cref="Score(string,int,int)"/>
    public float Score(Bm25Query query, int segment, int doc) => Explain(query, segment, doc, withTerms: false).Score;

    /// <summary>
    /// The exact BM25 score of the live document with external id <paramref name="docId"/>, or null when no live
    /// document has it: the shape of fusion's exact-score provider
    /// (<c>new RetrieverResults("bm25", hits, w, id => searcher.ScoreById(query, id))</c>).
    /// </summary>
    public float? ScoreById(Bm25Query query, string docId) =>
        _snapshot.TryFind(docId, out int segment, out int doc) ? Score(query, segment, doc) : null;

    /// <summary>The document's score with each query term's contribution.</summary>
    public Bm25Explanation Explain(string queryText, int segment, int doc) => Explain(Prepare(queryText), segment, doc, withTerms: true);

    /// <inheritdoc cref="Explain(string,int,int)"/>
    public Bm25Explanation Explain(Bm25Query query, int segment, int doc) => Explain(query, segment, doc, withTerms: true);

    private Bm25Explanation Explain(Bm25Query query, int segment, int doc, bool withTerms)
    {
        ArgumentNullException.ThrowIfNull(query);
        if ((uint)segment >= (uint)_fields.Length)
            throw new ArgumentOutOfRangeException(nameof(segment), $"segment {segment} outside the snapshot ({_fields.Length} segments)");
        var field = _fields[segment];
        if ((uint)doc >= (uint)field.DocCount)
            throw new ArgumentOutOfRangeException(nameof(doc), $"doc {doc} outside segment {segment} ({field.DocCount} docs)");
        CheckQuery(query);
        Span<int> docs = stackalloc int[Bm25Files.BlockSize];
        Span<int> tfs = stackalloc int[Bm25Files.BlockSize];
        byte norm = field.Norm(doc);
        double sum = 0;
        var terms = withTerms ? new List<Bm25TermContribution>(query.Scorers.Length) : null;
        for (int t = 0; t < query.Scorers.Length; t++)
        {
            var scorer = query.Scorers[t];
            int ord = query.Ordinals[t][segment];
            int tf = scorer is null || ord < 0 ? 0 : field.Postings(ord).FindTf(doc, docs, tfs);
            float contribution = tf > 0 ? scorer!.Score(tf, norm) : 0f;
            if (tf > 0)
                sum += contribution;
            terms?.Add(new Bm25TermContribution(query.Analysed.Terms[t], query.Analysed.Counts[t], tf, query.DocFreqs[t],
                scorer?.Idf ?? 0f, LuceneLengthNorm.Decode(norm), contribution));
        }
        return new Bm25Explanation((float)sum, (IReadOnlyList<Bm25TermContribution>?)terms ?? [], Statistics);
    }
}
