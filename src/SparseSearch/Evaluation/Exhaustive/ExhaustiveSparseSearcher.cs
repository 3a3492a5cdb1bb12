using SparseSearch.Evaluation.PreEncoded;

namespace SparseSearch.Evaluation.Exhaustive;

/// <summary>
/// Exact sparse retrieval without an index file: an in-memory map token → (document, weight) list over float
/// weights, scoring every document that shares a term with the query (dot product). The oracle for index tests and
/// the way to evaluate pre-encoded vectors directly. Documents that share no term with the query are not returned.
/// </summary>
public sealed class ExhaustiveSparseSearcher
{
    private readonly string[] _docIds;
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly int[][] _postingDocs;
    private readonly float[][] _postingWeights;
    private readonly Dictionary<string, int> _docOrdinals;
    private readonly int[][] _forwardTerms;     // per document: its term ids (forward index, for exact scores)
    private readonly float[][] _forwardWeights;

    /// <summary>Builds the in-memory postings from documents keyed by token strings.</summary>
    public ExhaustiveSparseSearcher(IEnumerable<PreEncodedSparseVector> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var ids = new List<string>();
        var docs = new List<List<int>>();
        var weights = new List<List<float>>();
        var forwardTerms = new List<int[]>();
        var forwardWeights = new List<float[]>();
        foreach (var d in documents)
        {
            int ordinal = ids.Count;
            ids.Add(d.Id);
            var terms = new int[d.Tokens.Length];
            forwardTerms.Add(terms);
            forwardWeights.Add(d.Weights);
            for (int i = 0; i < d.Tokens.Length; i++)
            {
                if (!_termIds.TryGetValue(d.Tokens[i], out int t))
                {
                    t = docs.Count;
                    _termIds.Add(d.Tokens[i], t);
                    docs.Add(new List<int>());
                    weights.Add(new List<float>());
                }
                docs[t].Add(ordinal);
                weights[t].Add(d.Weights[i]);
                terms[i] = t;
            }
        }
        _docIds = [.. ids];
        _forwardTerms = [.. forwardTerms];
        _forwardWeights = [.. forwardWeights];
        _docOrdinals = new Dictionary<string, int>(_docIds.Length, StringComparer.Ordinal);
        for (int i = 0; i < _docIds.Length; i++)
            if (!_docOrdinals.TryAdd(_docIds[i], i))
                throw new ArgumentException($"Document id {_docIds[i]} appears twice.", nameof(documents));
        _postingDocs = new int[docs.Count][];
        _postingWeights = new float[docs.Count][];
        for (int t = 0; t < docs.Count; t++)
        {
            _postingDocs[t] = [.. docs[t]];
            _postingWeights[t] = [.. weights[t]];
        }
    }

    /// <summary>Number of documents.</summary>
    public int DocumentCount => _docIds.Length;

    /// <summary>Number of distinct terms.</summary>
    public int TermCount => _postingDocs.Length;

    /// <summary>Scores every document against the query and returns the top <paramref name="k"/> in trec_eval order.</summary>
    public (string DocId, float Score)[] Search(PreEncodedSparseVector query, int k) => new Session(this, k).Search(query);

    /// <summary>
    /// The exact score of one document for a query (its dot product, from the forward index), or null when the
    /// document is unknown: what the engine's fusion uses to fill a score the sparse list did not have.
    /// </summary>
    public float? Score(PreEncodedSparseVector query, string docId) => ExactScorer(query)(docId);

    /// <summary>An exact-score provider for one query, for <see cref="SparseSearch.Search.Fusion.ConvexFusion"/> (the query's term map is built once).</summary>
    public SparseSearch.Search.Fusion.ExactScoreProvider ExactScorer(PreEncodedSparseVector query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var weightByTerm = new Dictionary<int, float>(query.Tokens.Length);
        for (int q = 0; q < query.Tokens.Length; q++)
            if (_termIds.TryGetValue(query.Tokens[q], out int t))
                weightByTerm[t] = query.Weights[q];
        return docId =>
        {
            if (!_docOrdinals.TryGetValue(docId, out int d))
                return null;
            float sum = 0;
            int[] terms = _forwardTerms[d];
            float[] ws = _forwardWeights[d];
            for (int i = 0; i < terms.Length; i++)
                if (weightByTerm.TryGetValue(terms[i], out float qw))
                    sum += qw * ws[i];
            return sum;
        };
    }

    /// <summary>Reusable per-thread scratch space for many queries.</summary>
    public Session CreateSession(int k) => new(this, k);

    /// <summary>Scratch accumulators for one thread; reuse it across queries.</summary>
    public sealed class Session
    {
        private readonly ExhaustiveSparseSearcher _owner;
        private readonly float[] _scores;
        private readonly int[] _touched;
        private readonly bool[] _isTouched;
        private readonly TopKSelector _top;

        internal Session(ExhaustiveSparseSearcher owner, int k)
        {
            _owner = owner;
            _scores = new float[owner._docIds.Length];
            _touched = new int[owner._docIds.Length];
            _isTouched = new bool[owner._docIds.Length];
            _top = new TopKSelector(owner._docIds, k);
        }

        /// <summary>Returns the top k for a query in trec_eval order.</summary>
        public (string DocId, float Score)[] Search(PreEncodedSparseVector query)
        {
            ArgumentNullException.ThrowIfNull(query);
            int touched = 0;
            // Term-at-a-time accumulation over plain arrays: no per-posting allocation or dictionary lookups.
            for (int q = 0; q < query.Tokens.Length; q++)
            {
                if (!_owner._termIds.TryGetValue(query.Tokens[q], out int t))
                    continue;
                float qw = query.Weights[q];
                int[] docs = _owner._postingDocs[t];
                float[] ws = _owner._postingWeights[t];
                for (int i = 0; i < docs.Length; i++)
                {
                    int d = docs[i];
                    if (!_isTouched[d])
                    {
                        _isTouched[d] = true;
                        _touched[touched++] = d;
                    }
                    _scores[d] += qw * ws[i];
                }
            }
            _top.Clear();
            for (int i = 0; i < touched; i++)
            {
                int d = _touched[i];
                _top.Offer(d, _scores[d]);
                _scores[d] = 0;
                _isTouched[d] = false;
            }
            return _top.Result();
        }
    }
}
