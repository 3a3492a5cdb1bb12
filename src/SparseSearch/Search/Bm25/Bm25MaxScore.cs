using SparseSearch.Encoding.Bm25;
using SparseSearch.Index;
using SparseSearch.Index.Codec;

namespace SparseSearch.Search.Bm25;

/// <summary>
/// Rank-safe MaxScore (document at a time) over one segment's BM25 field. Each term's bound is its Lucene score at the
/// segment's max tf and min norm (BM25 grows with tf and falls with length, also under float rounding). Terms sorted
/// by bound split into non-essential ones (whose bounds together cannot beat the current k-th score) and essential
/// ones; only docs of essential terms become candidates, the others are probed by skipping, first against the bound
/// of the block that would hold the doc (its max tf and min norm, from the skip table) so that most probes decode
/// nothing. A candidate's score is
/// then summed exactly as the exhaustive scorer sums it (float contributions added in double in query-term order,
/// rounded to float), so hits and scores equal the exhaustive ones bit for bit.
/// <para>Bounds are compared with a relative margin of 1e-9 because a bound sum is added in another order than the
/// score; a document whose rounded score could only tie the k-th is skipped safely, since within a segment docs come
/// in ascending order and a tie goes to the earlier (segment, doc).</para>
/// </summary>
internal static class Bm25MaxScore
{
    private const double Margin = 1 + 1e-9;

    public static void ScoreSegment(Bm25FieldReader field, IndexSegment segment, int ordinal, Bm25Query query, TopKCollector collector)
    {
        var scorers = query.Scorers;
        var cursors = new List<Bm25TermCursor>(scorers.Length);
        for (int t = 0; t < scorers.Length; t++)
        {
            int ord = query.Ordinals[t][ordinal];
            if (scorers[t] is not { } scorer || ord < 0)
                continue;
            float bound = scorer.Score(field.MaxTf(ord), (byte)field.MinNorm(ord));
            cursors.Add(new Bm25TermCursor(field.Postings(ord), t, bound, scorer));
        }
        if (cursors.Count == 0)
            return;
        // Ascending bounds: the non-essential terms are a prefix.
        cursors.Sort((a, b) => a.UpperBound.CompareTo(b.UpperBound));
        int m = cursors.Count;
        var prefix = new double[m + 1];
        for (int i = 0; i < m; i++)
            prefix[i + 1] = prefix[i] + cursors[i].UpperBound;
        var tfByTerm = new int[scorers.Length];

        float threshold = collector.Threshold;
        int firstEssential = FirstEssential(prefix, threshold);
        while (firstEssential < m)
        {
            int doc = int.MaxValue;
            for (int i = firstEssential; i < m; i++)
                doc = Math.Min(doc, cursors[i].Doc);
            if (doc == int.MaxValue)
                break;

            // Exact contributions of the essential terms at doc, plus the bounds of the non-essential ones.
            byte norm = field.Norm(doc);
            double bound = prefix[firstEssential];
            for (int i = firstEssential; i < m; i++)
            {
                var c = cursors[i];
                if (c.Doc == doc)
                {
                    tfByTerm[c.QueryTerm] = c.Tf;
                    bound += scorers[c.QueryTerm]!.Score(c.Tf, norm);
                    c.Next();
                }
            }
            bool candidate = bound * Margin > threshold && segment.IsLive(doc);
            // Probe non-essential terms from the largest bound down, replacing each term's bound by its block's
            // bound (skip table only), then, if the doc can still make it, by its true value (decoding the block).
            for (int i = firstEssential - 1; i >= 0 && candidate; i--)
            {
                var c = cursors[i];
                bound -= c.UpperBound;
                if ((bound + c.BlockUpperBound(doc)) * Margin <= threshold)
                {
                    candidate = false;
                    break;
                }
                c.Advance(doc);
                if (c.Doc == doc)
                {
                    tfByTerm[c.QueryTerm] = c.Tf;
                    bound += scorers[c.QueryTerm]!.Score(c.Tf, norm);
                }
                candidate = bound * Margin > threshold;
            }
            if (candidate)
            {
                double sum = 0;
                for (int t = 0; t < scorers.Length; t++)
                    if (tfByTerm[t] > 0)
                        sum += scorers[t]!.Score(tfByTerm[t], norm);
                collector.Offer((float)sum, ordinal, doc);
                if (collector.Threshold != threshold)
                {
                    threshold = collector.Threshold;
                    firstEssential = FirstEssential(prefix, threshold);
                }
            }
            Array.Clear(tfByTerm);
        }
    }

    /// <summary>The first term whose bound, added to all smaller ones, could beat <paramref name="threshold"/>.</summary>
    private static int FirstEssential(double[] prefix, float threshold)
    {
        int i = 0;
        while (i + 1 < prefix.Length && prefix[i + 1] * Margin <= threshold)
            i++;
        return i;
    }
}
