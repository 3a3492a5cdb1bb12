using SparseSearch.Index.Codec;

namespace SparseSearch.Index.Merge;

/// <summary>
/// Chooses a document order for a merged segment that puts similar documents into the same doc-range block, so the
/// per-block upper bounds (<see cref="SparseSearch.Search.PruningAlgorithm.BlockMax"/>) become tight: recursive graph
/// bisection (BP) over the document–term bipartite graph, after Dhulipala et al. (KDD 2016) as refined by Mackenzie
/// et al. (BP for learned sparse indexes / BMP). The documents of a range are split in two halves; for a few
/// iterations, each document gets the gain (drop in the log-gap cost estimate
/// <c>Σ_t d1·log2(n1/(d1+1)) + d2·log2(n2/(d2+1))</c>, d = the term's degree in each half) of moving to the other
/// half, both halves are sorted by gain and pairs are swapped while the pair's gain is positive; then each half is
/// bisected again, down to one block. Splits stay aligned to block boundaries so every leaf is one block.
/// Cost: O(postings × iterations × log2(docs / block)); memory: the documents' term lists (4 bytes per posting) plus
/// O(vocabulary) scratch per worker.
/// </summary>
internal static class DocReorderer
{
    /// <summary>Refinement iterations per bisection (stops earlier when no pair swaps).</summary>
    public const int Iterations = 10;

    /// <summary>Returns <c>order[newDoc] = global index</c> of the live documents (global index = position in the
    /// concatenation of the sources' live documents); leaves are <paramref name="blockSize"/> documents.</summary>
    public static unsafe int[] Order(IReadOnlyList<MergeSource> sources, int vocab, int blockSize, CancellationToken cancel)
    {
        long postings = 0;
        int n = 0;
        foreach (var s in sources)
            for (int d = 0; d < s.Core.DocCount; d++)
                if (s.Live is null || s.Live.IsLive(d))
                {
                    n++;
                    postings += s.Core.Forward.Get(d, out _, out _);
                }
        if (postings > int.MaxValue)
            throw new InvalidOperationException($"Reordering supports at most {int.MaxValue} postings per merged segment, got {postings}.");
        var start = new int[n + 1];
        var terms = new int[postings];
        int i = 0, p = 0;
        foreach (var s in sources)
        {
            var fwd = s.Core.Forward;
            for (int d = 0; d < s.Core.DocCount; d++)
            {
                if (s.Live is not null && !s.Live.IsLive(d)) continue;
                int cnt = fwd.Get(d, out var tp, out _);
                for (int j = 0; j < cnt; j++)
                    terms[p + j] = fwd.TermWidth == 2 ? ((ushort*)tp)[j] : ((int*)tp)[j];
                p += cnt;
                start[++i] = p;
            }
        }
        return GraphBisection.Order(start, terms, vocab, Math.Max(1, blockSize), Iterations, cancel);
    }
}
