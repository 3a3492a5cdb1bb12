using SparseSearch.Index.Codec;
using SparseSearch.Index.Commit;

namespace SparseSearch.Index.Merge;

/// <summary>A merge source: an open segment and the live docs to keep (null = all).</summary>
internal sealed record MergeSource(SegmentCore Core, LiveDocs? Live);

/// <summary>
/// Merges segments into one, streaming: postings term by term (memory: one merged term's postings), then forward
/// index, ids, stored fields and vectors document by document. Impacts are copied byte for byte (the index has one
/// quantisation scale), so a merge never changes a score. Deleted documents are dropped (a merge of one segment is
/// how deletes are expunged); surviving documents keep their relative order (sources concatenated in the given order),
/// or, with <c>reorder</c>, take the similarity order of <see cref="DocReorderer"/>. Whether to reorder is the
/// writer's call (<see cref="IndexWriterOptions.ReorderOnMerge"/>, <see cref="IndexWriterOptions.ReorderMinDocs"/>).
/// </summary>
internal static class SegmentMerger
{
    /// <summary>Writes the merged segment; <paramref name="docMaps"/>[s][oldDoc] is the new doc id or -1 when dropped.</summary>
    public static unsafe SegmentCommitInfo Merge(string directory, string name, IReadOnlyList<MergeSource> sources,
        IndexSchema schema, float scale, int docBlockShift, out int[][] docMaps, CancellationToken cancel, bool reorder = false)
    {
        var id = Guid.NewGuid().ToByteArray();
        int vocab = schema.VocabSize;
        bool hasVectors = schema.DenseDimension > 0;
        bool hasBm25 = schema.Bm25 is not null;
        docMaps = new int[sources.Count][];
        int next = 0;
        for (int s = 0; s < sources.Count; s++)
        {
            var src = sources[s];
            var map = new int[src.Core.DocCount];
            for (int d = 0; d < map.Length; d++)
                map[d] = src.Live is null || src.Live.IsLive(d) ? next++ : -1;
            docMaps[s] = map;
        }
        int n = next;
        // newOrder[newDoc] = (source, doc): concatenation order, or the similarity order of DocReorderer.
        var newOrder = new (int S, int D)[n];
        for (int s = 0; s < sources.Count; s++)
            for (int d = 0; d < docMaps[s].Length; d++)
                if (docMaps[s][d] >= 0) newOrder[docMaps[s][d]] = (s, d);
        if (reorder && n > 1)
        {
            var order = DocReorderer.Order(sources, vocab, 1 << docBlockShift, cancel);
            var permuted = new (int, int)[n];
            for (int i = 0; i < n; i++) permuted[i] = newOrder[order[i]];
            newOrder = permuted;
            for (int i = 0; i < n; i++) docMaps[newOrder[i].S][newOrder[i].D] = i;
        }
        var maps = docMaps;
        var written = new List<string>();
        string P(string ext)
        {
            var path = Path.Combine(directory, name + ext);
            written.Add(path);
            return path;
        }
        try
        {
            using (var pw = new PostingsWriter(P(SegmentFiles.PostingsExt), id, vocab, n, docBlockShift, scale))
            {
                var docs = new int[1024];
                var imps = new byte[1024];
                for (int t = 0; t < vocab; t++)
                {
                    if ((t & 1023) == 0)
                        cancel.ThrowIfCancellationRequested();
                    int count = 0;
                    for (int s = 0; s < sources.Count; s++)
                    {
                        var p = sources[s].Core.Postings.Term(t);
                        if (p.Count == 0) continue;
                        if (docs.Length < count + p.Count)
                        {
                            int size = Math.Max(count + p.Count, docs.Length * 2);
                            Array.Resize(ref docs, size);
                            Array.Resize(ref imps, size);
                        }
                        var map = maps[s];
                        for (int i = 0; i < p.Count; i++)
                        {
                            int nd = map[p.Docs[i]];
                            if (nd < 0) continue;
                            docs[count] = nd;
                            imps[count] = p.Impacts[i];
                            count++;
                        }
                    }
                    if (reorder && count > 1)
                        Array.Sort(docs, imps, 0, count);
                    if (count > 0)
                        pw.AddTerm(t, docs.AsSpan(0, count), imps.AsSpan(0, count));
                }
                pw.Finish();
            }
            cancel.ThrowIfCancellationRequested();
            using (var fw = new ForwardWriter(P(SegmentFiles.ForwardExt), id, vocab))
            {
                var terms = new int[256];
                foreach (var (s, d) in newOrder)
                {
                    var fwd = sources[s].Core.Forward;
                    {
                        int cnt = fwd.Get(d, out var tp, out var ip);
                        if (terms.Length < cnt) terms = new int[Math.Max(cnt, terms.Length * 2)];
                        for (int i = 0; i < cnt; i++)
                            terms[i] = fwd.TermWidth == 2 ? ((ushort*)tp)[i] : ((int*)tp)[i];
                        fw.AddDoc(terms.AsSpan(0, cnt), new ReadOnlySpan<byte>(ip, cnt));
                    }
                }
                fw.Finish();
            }
            using (var iw = new IdsWriter(P(SegmentFiles.IdsExt), id))
            {
                foreach (var (s, d) in newOrder)
                    iw.AddId(sources[s].Core.Ids.GetId(d));
                iw.Finish();
            }
            using (var sw = new StoredFieldsWriter(P(SegmentFiles.StoredExt), id))
            {
                if (!reorder)
                {
                    for (int s = 0; s < sources.Count; s++)
                    {
                        var map = maps[s];
                        sources[s].Core.Stored.ForEach((d, title, text, meta) =>
                        {
                            if (map[d] >= 0) sw.AddDoc(title, text, meta);
                        });
                    }
                }
                else
                {
                    foreach (var (s, d) in newOrder)
                    {
                        var (title, text, meta) = sources[s].Core.Stored.Get(d);
                        sw.AddDoc(title, text, meta);
                    }
                }
                sw.Finish();
            }
            if (hasVectors)
            {
                using var vw = new VectorsWriter(P(SegmentFiles.VectorsExt), id, schema.DenseDimension);
                foreach (var (s, d) in newOrder)
                {
                    var vec = sources[s].Core.Vectors;
                    vw.AddDoc(vec is not null && vec.Has(d) ? vec.Get(d).ToArray() : null);
                }
                vw.Finish();
            }
            if (hasBm25)
            {
                cancel.ThrowIfCancellationRequested();
                Bm25FieldMerger.Merge(P, id, sources, maps, n, cancel);
            }
        }
        catch
        {
            foreach (var path in written)
                try { File.Delete(path); } catch (IOException) { }
            throw;
        }
        return new SegmentCommitInfo(name, id, n, 0, 0, hasVectors, hasBm25, Reordered: reorder);
    }
}
