using SparseSearch.Index.Codec;
using SparseSearch.Index.Commit;

namespace SparseSearch.Index;

/// <summary>A document buffered in the writer (weights not yet quantised: the scale may be fixed only at the first flush).</summary>
internal sealed class BufferedDoc(IndexDocument doc)
{
    public IndexDocument Doc { get; } = doc;

    public long EstimatedBytes => 96 + Doc.Sparse.Count * 8L + 2L * ((Doc.Id.Length) + (Doc.Title?.Length ?? 0)
        + (Doc.Text?.Length ?? 0) + (Doc.Metadata?.Length ?? 0)) + 4L * (Doc.Dense?.Length ?? 0)
        + 56L * (Doc.Bm25Terms?.Terms.Count ?? 0);
}

/// <summary>Writes one new segment from buffered documents (a flush): quantises, inverts and writes every file.</summary>
internal static class SegmentBuilder
{
    /// <summary>Below this many postings a flush writes its files on the calling thread: a second thread costs more
    /// than it saves on small segments.</summary>
    internal const long ParallelMinPostings = 1 << 20;

    /// <summary>Writes segment <paramref name="name"/>; returns its commit info. Every file is fsynced on return.
    /// <paramref name="scratch"/> (null: fresh arrays) lends the working arrays.</summary>
    public static SegmentCommitInfo Write(string directory, string name, IReadOnlyList<BufferedDoc> docs, IndexSchema schema,
        float scale, int docBlockShift, ref long saturated, FlushScratch? scratch = null) =>
        Write(directory, name, Guid.NewGuid().ToByteArray(), docs, schema, scale, docBlockShift, ref saturated, parallel: null, scratch);

    /// <summary>As the public overload, with the segment id given and the threading forced (null: by size) so tests can
    /// compare both paths byte for byte.</summary>
    internal static SegmentCommitInfo Write(string directory, string name, byte[] id, IReadOnlyList<BufferedDoc> docs,
        IndexSchema schema, float scale, int docBlockShift, ref long saturated, bool? parallel, FlushScratch? scratch)
    {
        int n = docs.Count;
        bool hasVectors = schema.DenseDimension > 0;
        bool hasBm25 = schema.Bm25 is not null;
        int vocab = schema.VocabSize;
        scratch ??= new FlushScratch();
        var q = Quantise(docs, scale, vocab, ref saturated, scratch);

        var written = new List<string>();
        string P(string ext)
        {
            var path = Path.Combine(directory, name + ext);
            lock (written) written.Add(path);
            return path;
        }
        void WriteDocumentFiles()
        {
            using (var fw = new ForwardWriter(P(SegmentFiles.ForwardExt), id, vocab))
            {
                for (int i = 0; i < n; i++)
                {
                    int s = q.DocStart[i], len = q.DocStart[i + 1] - s;
                    fw.AddDoc(q.Terms.AsSpan(s, len), q.Impacts.AsSpan(s, len));
                }
                fw.Finish();
            }
            using (var iw = new IdsWriter(P(SegmentFiles.IdsExt), id))
            {
                foreach (var d in docs)
                    iw.AddId(d.Doc.Id);
                iw.Finish();
            }
            using (var sw = new StoredFieldsWriter(P(SegmentFiles.StoredExt), id))
            {
                foreach (var d in docs)
                    sw.AddDoc(d.Doc.Title, d.Doc.Text, d.Doc.Metadata);
                sw.Finish();
            }
            if (hasVectors)
            {
                using var vw = new VectorsWriter(P(SegmentFiles.VectorsExt), id, schema.DenseDimension);
                foreach (var d in docs)
                    vw.AddDoc(d.Doc.Dense);
                vw.Finish();
            }
            if (hasBm25)
            {
                var analysed = new SparseSearch.Encoding.Bm25.TermFrequencies?[n];
                for (int i = 0; i < n; i++)
                    analysed[i] = docs[i].Doc.Bm25Terms;
                Bm25FieldBuilder.Write(P, id, analysed);
            }
        }

        // The postings (inversion + .pst) and the per-document files read the same quantised arrays and share nothing
        // else, so on a big flush they run on two threads: each side's compute also covers the other's fsync.
        bool twoThreads = parallel ?? q.Count >= ParallelMinPostings;
        Exception? failure = null;
        Task? side = null;
        if (twoThreads)
            side = Task.Factory.StartNew(WriteDocumentFiles, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            using var pw = new PostingsWriter(P(SegmentFiles.PostingsExt), id, vocab, n, docBlockShift, scale);
            WritePostings(pw, q, vocab, scratch);
            pw.Finish();
            if (side is null)
                WriteDocumentFiles();
        }
        catch (Exception e)
        {
            failure = e;
        }
        if (side is not null)
        {
            try { side.Wait(); }
            catch (AggregateException e) { failure ??= e.InnerException ?? e; }
        }
        if (failure is not null)
        {
            foreach (var path in written)
                try { File.Delete(path); } catch (IOException) { }
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        return new SegmentCommitInfo(name, id, n, 0, 0, hasVectors, hasBm25);
    }

    /// <summary>The buffered documents quantised into flat arrays: document i's postings are
    /// <c>[DocStart[i], DocStart[i + 1])</c> of <see cref="Terms"/>/<see cref="Impacts"/>; term t's postings will be
    /// <c>[TermStart[t], TermStart[t + 1])</c> of the inverted order.</summary>
    private sealed record Quantised(int DocCount, int[] DocStart, int[] Terms, byte[] Impacts, int[] TermStart, int Count);

    // Runs once per flush: tiered JIT would leave this loop on tier-0/OSR code.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static Quantised Quantise(IReadOnlyList<BufferedDoc> docs, float scale, int vocab, ref long saturated, FlushScratch scratch)
    {
        int n = docs.Count;
        long total = 0;
        for (int i = 0; i < n; i++)
            total += docs[i].Doc.Sparse.Count;
        if (total > int.MaxValue)
            throw new InvalidOperationException("Too many postings for one flush; lower MaxBufferedDocs.");
        // Flat arrays, not per-document ones; every slot up to pos is written before it is read (they may be reused).
        var docStart = scratch.DocStarts(n + 1);
        var terms = scratch.Terms((int)total);
        var impacts = scratch.Impacts((int)total);
        var df = new int[vocab + 1];
        float limit = 255.5f * scale;
        long sat = 0;
        int pos = 0;
        for (int i = 0; i < n; i++)
        {
            docStart[i] = pos;
            var v = docs[i].Doc.Sparse;
            var ids = v.TermIds;
            var ws = v.Weights;
            for (int j = 0; j < ids.Length; j++)
            {
                float w = ws[j];
                byte b = ImpactQuantizer.Quantize(w, scale);
                if (b == 0)
                    continue;
                if (w >= limit)
                    sat++;
                int t = ids[j];
                terms[pos] = t;
                impacts[pos] = b;
                df[t + 1]++;
                pos++;
            }
        }
        docStart[n] = pos;
        saturated += sat;
        for (int t = 0; t < vocab; t++)
            df[t + 1] += df[t];
        return new Quantised(n, docStart, terms, impacts, df, pos);
    }

    /// <summary>Inverts the quantised documents and feeds every term, in term order, to <paramref name="pw"/>.</summary>
    /// <remarks>A direct counting sort scatters each posting to one of ~30k far-apart term lists, a cache and TLB
    /// miss per posting; two stable passes (first to ~256 term-range buckets, then to the terms inside one bucket)
    /// keep every write stream few and near. Both passes are stable, so docs stay ascending within each term.</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void WritePostings(PostingsWriter pw, Quantised q, int vocab, FlushScratch scratch)
    {
        if (vocab == 0 || q.Count == 0)
            return;
        int[] termStart = q.TermStart, docStart = q.DocStart, terms = q.Terms;
        byte[] impacts = q.Impacts;
        int shift = Math.Max(0, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(vocab - 1)) - 8);
        int mask = (1 << shift) - 1;
        int buckets = ((vocab - 1) >> shift) + 1;

        // Pass 1: (doc, term within bucket, impact) packed in a u64, grouped by bucket; a bucket's region is the same
        // range its terms occupy in the final order.
        var fill = new int[Math.Max(buckets, 1 << shift)];
        for (int b = 0; b < buckets; b++)
            fill[b] = termStart[b << shift];
        var packed = scratch.Packed(q.Count);
        int n = q.DocCount;
        for (int i = 0; i < n; i++)
        {
            ulong doc = (ulong)(uint)i << 32;
            for (int p = docStart[i], e = docStart[i + 1]; p < e; p++)
            {
                int t = terms[p];
                packed[fill[t >> shift]++] = doc | (uint)(t & mask) << 8 | impacts[p];
            }
        }

        // Pass 2: one bucket at a time into small reusable arrays, then its terms go out in order.
        int maxBucket = 0;
        for (int b = 0; b < buckets; b++)
            maxBucket = Math.Max(maxBucket, termStart[Math.Min(vocab, (b + 1) << shift)] - termStart[b << shift]);
        var bucketDocs = scratch.BucketDocs(maxBucket);
        var bucketImpacts = scratch.BucketImpacts(maxBucket);
        for (int b = 0; b < buckets; b++)
        {
            int t0 = b << shift, t1 = Math.Min(vocab, t0 + (1 << shift));
            int from = termStart[t0], to = termStart[t1];
            if (to == from)
                continue;
            for (int t = t0; t < t1; t++)
                fill[t - t0] = termStart[t] - from;
            for (int k = from; k < to; k++)
            {
                ulong x = packed[k];
                int slot = fill[(int)(x >> 8) & mask]++;
                bucketDocs[slot] = (int)(x >> 32);
                bucketImpacts[slot] = (byte)x;
            }
            for (int t = t0; t < t1; t++)
            {
                int s = termStart[t] - from, e = termStart[t + 1] - from;
                if (e > s)
                    pw.AddTerm(t, bucketDocs.AsSpan(s, e - s), bucketImpacts.AsSpan(s, e - s));
            }
        }
    }
}
