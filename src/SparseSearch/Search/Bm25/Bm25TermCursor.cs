using SparseSearch.Encoding.Bm25;
using SparseSearch.Index.Codec;

namespace SparseSearch.Search.Bm25;

/// <summary>
/// Walks one term's postings in doc order, a decoded block at a time; <see cref="Advance"/> skips whole blocks by
/// their last doc without decoding them. <see cref="Doc"/> is <see cref="int.MaxValue"/> when exhausted.
/// </summary>
internal sealed class Bm25TermCursor
{
    private readonly Bm25TermPostings _postings;
    private readonly Bm25TermScorer _scorer;
    private readonly int[] _docs = new int[Bm25Files.BlockSize];
    private readonly int[] _tfs = new int[Bm25Files.BlockSize];
    private int _block = -1;
    private int _length;
    private int _at;

    public Bm25TermCursor(Bm25TermPostings postings, int queryTerm, float upperBound, Bm25TermScorer scorer)
    {
        _postings = postings;
        _scorer = scorer;
        QueryTerm = queryTerm;
        UpperBound = upperBound;
        LoadBlock(0);
    }

    /// <summary>Position of the term in the query (the order contributions are summed in).</summary>
    public int QueryTerm { get; }

    /// <summary>The term's largest possible contribution in this segment (max tf with min norm).</summary>
    public float UpperBound { get; }

    /// <summary>Current doc, or <see cref="int.MaxValue"/> past the end.</summary>
    public int Doc { get; private set; }

    /// <summary>The tf at <see cref="Doc"/>.</summary>
    public int Tf => _tfs[_at];

    public void Next()
    {
        if (++_at < _length)
            Doc = _docs[_at];
        else
            LoadBlock(_block + 1);
    }

    /// <summary>Moves to the first doc ≥ <paramref name="target"/>.</summary>
    public void Advance(int target)
    {
        if (Doc >= target)
            return;
        if (_postings.BlockLastDoc(_block) < target)
        {
            int b = _block + 1;
            while (b < _postings.BlockCount && _postings.BlockLastDoc(b) < target)
                b++;
            LoadBlock(b);
            if (Doc >= target)
                return;
        }
        while (_docs[_at] < target)
            _at++;
        Doc = _docs[_at];
    }

    /// <summary>
    /// A bound on the term's score in <paramref name="target"/> read from the skip table alone (no decoding): the
    /// score at the max tf and min norm of the block that would hold it, 0 when the term cannot occur there.
    /// </summary>
    public float BlockUpperBound(int target)
    {
        if (Doc >= target)
            return Doc == target ? _scorer.Score(Tf, 0) : 0f;
        int b = _block;
        while (b < _postings.BlockCount && _postings.BlockLastDoc(b) < target)
            b++;
        return b < _postings.BlockCount ? _scorer.Score(_postings.BlockMaxTf(b), _postings.BlockMinNorm(b)) : 0f;
    }

    private void LoadBlock(int block)
    {
        _block = block;
        if (block >= _postings.BlockCount)
        {
            Doc = int.MaxValue;
            _length = 0;
            _at = 0;
            return;
        }
        _length = _postings.DecodeBlock(block, _docs, _tfs);
        _at = 0;
        Doc = _docs[0];
    }
}
