using SparseSearch.Text.Analysis;

namespace SparseSearch.Encoding.Bm25;

/// <summary>A BM25 hit: the internal document number (insertion order), its external id and its Lucene-equal score.</summary>
public readonly record struct Bm25Hit(int Doc, string Id, float Score);

/// <summary>
/// An in-memory BM25 field over analysed text: term dictionary → postings (doc, tf), one Lucene length-norm byte per
/// document, and the collection statistics. Search is exhaustive (every posting of every query term is scored) and
/// reproduces Lucene 9.8's scores: the reference model for the index engine's BM25 field, and the scorer for tests.
/// Not thread-safe while documents are being added; searches after the last add may run concurrently.
/// </summary>
public sealed class InMemoryBm25Index
{
    private readonly ITextAnalyzer _analyzer;
    private readonly Dictionary<string, Postings> _postings = new(StringComparer.Ordinal);
    private readonly List<string> _ids = new();
    private byte[] _norms = new byte[256];
    private long _docsWithTerms;
    private long _sumTotalTermFreq;

    /// <summary>An empty index analysing with <paramref name="analyzer"/> and scoring with <paramref name="parameters"/>.</summary>
    public InMemoryBm25Index(ITextAnalyzer analyzer, Bm25Parameters parameters)
    {
        _analyzer = analyzer ?? throw new ArgumentNullException(nameof(analyzer));
        Parameters = parameters;
    }

    /// <summary>The BM25 parameters.</summary>
    public Bm25Parameters Parameters { get; }

    /// <summary>Number of documents added (including those with no terms).</summary>
    public int DocumentCount => _ids.Count;

    /// <summary>Number of distinct terms.</summary>
    public int TermCount => _postings.Count;

    /// <summary>The field statistics; throws while no document has a term.</summary>
    public Bm25CollectionStatistics Statistics => _docsWithTerms == 0
        ? throw new InvalidOperationException("The index has no document with any term.")
        : new Bm25CollectionStatistics(_docsWithTerms, _sumTotalTermFreq);

    /// <summary>The external id of internal document <paramref name="doc"/>.</summary>
    public string DocumentId(int doc) => _ids[doc];

    /// <summary>The length-norm byte of internal document <paramref name="doc"/>.</summary>
    public byte Norm(int doc) => _norms[doc];

    /// <summary>Number of documents containing <paramref name="term"/> (an analysed term).</summary>
    public int DocFreq(string term) => _postings.TryGetValue(term, out var p) ? p.Count : 0;

    /// <summary>Analyses and adds a document; returns its internal number.</summary>
    public int Add(string id, ReadOnlySpan<char> contents) => Add(id, TermFrequencies.Count(_analyzer, contents));

    /// <summary>Adds an already analysed document; returns its internal number.</summary>
    public int Add(string id, TermFrequencies document)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(document);
        int doc = _ids.Count;
        _ids.Add(id);
        if (doc == _norms.Length)
            Array.Resize(ref _norms, doc * 2);
        _norms[doc] = LuceneLengthNorm.Encode(document.Length);
        if (document.Length > 0)
        {
            _docsWithTerms++;
            _sumTotalTermFreq += document.Length;
        }
        for (int i = 0; i < document.Terms.Count; i++)
        {
            if (!_postings.TryGetValue(document.Terms[i], out var postings))
                _postings.Add(document.Terms[i], postings = new Postings());
            postings.Add(doc, document.Counts[i]);
        }
        return doc;
    }

    /// <summary>The top <paramref name="k"/> documents for a query text analysed like the documents.</summary>
    public IReadOnlyList<Bm25Hit> Search(string query, int k) =>
        Search(TermFrequencies.Count(_analyzer, query ?? throw new ArgumentNullException(nameof(query))), k);

    /// <summary>
    /// The top <paramref name="k"/> documents for an analysed query, as Anserini's bag-of-words query scores them: one
    /// SHOULD term clause per query term, a repeated term boosted by its count (Lucene merges duplicate clauses so),
    /// clause scores summed in double and rounded to float. Ties go to the earlier document, as in Lucene.
    /// </summary>
    public IReadOnlyList<Bm25Hit> Search(TermFrequencies query, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (_docsWithTerms == 0)
            return [];
        var stats = Statistics;
        // Dense accumulators over all documents: plain arrays, scored posting by posting with no per-hit allocation.
        var sums = new double[_ids.Count];
        var seen = new bool[_ids.Count];
        var touched = new List<int>();
        for (int t = 0; t < query.Terms.Count; t++)
        {
            if (!_postings.TryGetValue(query.Terms[t], out var postings))
                continue;
            var scorer = new Bm25TermScorer(Parameters, stats, postings.Count, query.Counts[t]);
            var docs = postings.Docs;
            var freqs = postings.Freqs;
            for (int i = 0; i < postings.Count; i++)
            {
                int doc = docs[i];
                if (!seen[doc])
                {
                    seen[doc] = true;
                    touched.Add(doc);
                }
                sums[doc] += scorer.Score(freqs[i], _norms[doc]);
            }
        }

        var candidates = touched.ToArray();
        Array.Sort(candidates, (x, y) =>
        {
            int byScore = ((float)sums[y]).CompareTo((float)sums[x]);
            return byScore != 0 ? byScore : x.CompareTo(y);
        });
        int n = Math.Min(k, candidates.Length);
        var hits = new Bm25Hit[n];
        for (int i = 0; i < n; i++)
            hits[i] = new Bm25Hit(candidates[i], _ids[candidates[i]], (float)sums[candidates[i]]);
        return hits;
    }

    /// <summary>One term's postings, in increasing document order (documents are only appended).</summary>
    private sealed class Postings
    {
        public int[] Docs = new int[4];
        public int[] Freqs = new int[4];
        public int Count;

        public void Add(int doc, int freq)
        {
            if (Count == Docs.Length)
            {
                Array.Resize(ref Docs, Count * 2);
                Array.Resize(ref Freqs, Count * 2);
            }
            Docs[Count] = doc;
            Freqs[Count] = freq;
            Count++;
        }
    }
}
