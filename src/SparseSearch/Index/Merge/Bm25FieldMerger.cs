using SparseSearch.Index.Codec;

namespace SparseSearch.Index.Merge;

/// <summary>
/// Merges the BM25 field of merge sources: a k-way merge of their sorted term dictionaries, each merged term's
/// postings concatenated in source order with docs remapped (deleted docs dropped; sorted again by the new doc ids when
/// the merge reorders documents), norms copied for surviving docs.
/// The field statistics of the result are recomputed from what survives (docs with a non-zero norm, the sum of the
/// surviving tfs), as Lucene's merge does, so deleted documents leave the statistics once merged away.
/// Memory: one merged term's postings plus the merged segment's norms.
/// </summary>
internal static class Bm25FieldMerger
{
    public static void Merge(Func<string, string> path, byte[] segmentId, IReadOnlyList<MergeSource> sources, int[][] docMaps,
        int docCount, CancellationToken cancel)
    {
        var readers = new Bm25FieldReader[sources.Count];
        for (int s = 0; s < readers.Length; s++)
            readers[s] = sources[s].Core.Bm25 ?? throw new InvalidOperationException($"Segment {sources[s].Core.Name} has no BM25 field.");
        var norms = new byte[docCount];
        for (int s = 0; s < readers.Length; s++)
            for (int d = 0; d < docMaps[s].Length; d++)
                if (docMaps[s][d] >= 0)
                    norms[docMaps[s][d]] = readers[s].Norm(d);

        using var writer = new Bm25FieldWriter(path(Bm25Files.TermsExt), path(Bm25Files.PostingsExt), path(Bm25Files.NormsExt), segmentId, norms);
        var cursor = new int[readers.Length];
        var matched = new bool[readers.Length];
        var docs = new int[1024];
        var tfs = new int[1024];
        var blockDocs = new int[Bm25Files.BlockSize];
        var blockTfs = new int[Bm25Files.BlockSize];
        long step = 0;
        while (true)
        {
            if ((++step & 1023) == 0)
                cancel.ThrowIfCancellationRequested();
            int min = -1;
            for (int s = 0; s < readers.Length; s++)
            {
                if (cursor[s] >= readers[s].TermCount)
                    continue;
                if (min < 0 || readers[s].TermBytes(cursor[s]).SequenceCompareTo(readers[min].TermBytes(cursor[min])) < 0)
                    min = s;
            }
            if (min < 0)
                break;
            var term = readers[min].TermBytes(cursor[min]);
            int count = 0, prev = -1;
            bool ordered = true;
            for (int s = 0; s < readers.Length; s++)
            {
                matched[s] = cursor[s] < readers[s].TermCount && readers[s].TermBytes(cursor[s]).SequenceEqual(term);
                if (!matched[s])
                    continue;
                var postings = readers[s].Postings(cursor[s]);
                if (docs.Length < count + postings.Count)
                {
                    int size = Math.Max(count + postings.Count, docs.Length * 2);
                    Array.Resize(ref docs, size);
                    Array.Resize(ref tfs, size);
                }
                var map = docMaps[s];
                for (int b = 0; b < postings.BlockCount; b++)
                {
                    int n = postings.DecodeBlock(b, blockDocs, blockTfs);
                    for (int i = 0; i < n; i++)
                    {
                        int nd = map[blockDocs[i]];
                        if (nd < 0) continue;
                        ordered &= nd > prev;
                        prev = nd;
                        docs[count] = nd;
                        tfs[count] = blockTfs[i];
                        count++;
                    }
                }
            }
            // A reordering merge permutes doc ids, so the concatenated postings must be put back in doc order.
            if (!ordered)
                Array.Sort(docs, tfs, 0, count);
            if (count > 0)
                writer.AddTerm(term, docs.AsSpan(0, count), tfs.AsSpan(0, count));
            for (int s = 0; s < readers.Length; s++)
                if (matched[s])
                    cursor[s]++;
        }
        writer.Finish();
    }
}
