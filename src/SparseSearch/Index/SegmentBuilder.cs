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
    /// <summary>Writes segment <paramref name="name"/>; returns its commit info. Every file is fsynced on return.</summary>
    public static SegmentCommitInfo Write(string directory, string name, IReadOnlyList<BufferedDoc> docs, IndexSchema schema,
        float scale, int docBlockShift, ref long saturated)
    {
        int n = docs.Count;
        var id = Guid.NewGuid().ToByteArray();
        bool hasVectors = schema.DenseDimension > 0;
        bool hasBm25 = schema.Bm25 is not null;
        int vocab = schema.VocabSize;

        // Quantise into flat arrays (one allocation per flush, not per document).
        long total = 0;
        foreach (var d in docs)
            total += d.Doc.Sparse.Count;
        if (total > int.MaxValue)
            throw new InvalidOperationException("Too many postings for one flush; lower MaxBufferedDocs.");
        var docStart = new int[n + 1];
        var terms = new int[total];
        var impacts = new byte[total];
        var df = new int[vocab + 1];
        int pos = 0;
        for (int i = 0; i < n; i++)
        {
            docStart[i] = pos;
            var v = docs[i].Doc.Sparse;
            var ids = v.TermIds;
            var ws = v.Weights;
            float limit = 255.5f * scale;
            for (int j = 0; j < ids.Length; j++)
            {
                byte q = ImpactQuantizer.Quantize(ws[j], scale);
                if (q == 0)
                    continue;
                if (ws[j] >= limit)
                    saturated++;
                terms[pos] = ids[j];
                impacts[pos] = q;
                df[ids[j] + 1]++;
                pos++;
            }
        }
        docStart[n] = pos;

        // Invert by counting sort on term id: docs come out ascending within each term because i is ascending.
        for (int t = 0; t < vocab; t++)
            df[t + 1] += df[t];
        var termStart = df; // termStart[t]..termStart[t+1]
        var fill = new int[vocab];
        Array.Copy(termStart, fill, vocab);
        var postDocs = new int[pos];
        var postImpacts = new byte[pos];
        for (int i = 0; i < n; i++)
        {
            for (int p = docStart[i]; p < docStart[i + 1]; p++)
            {
                int slot = fill[terms[p]]++;
                postDocs[slot] = i;
                postImpacts[slot] = impacts[p];
            }
        }

        var written = new List<string>();
        try
        {
            string P(string ext)
            {
                var path = Path.Combine(directory, name + ext);
                written.Add(path);
                return path;
            }
            using (var pw = new PostingsWriter(P(SegmentFiles.PostingsExt), id, vocab, n, docBlockShift, scale))
            {
                for (int t = 0; t < vocab; t++)
                {
                    int s = termStart[t], e = termStart[t + 1];
                    if (e > s)
                        pw.AddTerm(t, postDocs.AsSpan(s, e - s), postImpacts.AsSpan(s, e - s));
                }
                pw.Finish();
            }
            using (var fw = new ForwardWriter(P(SegmentFiles.ForwardExt), id, vocab))
            {
                for (int i = 0; i < n; i++)
                    fw.AddDoc(terms.AsSpan(docStart[i], docStart[i + 1] - docStart[i]), impacts.AsSpan(docStart[i], docStart[i + 1] - docStart[i]));
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
        catch
        {
            foreach (var path in written)
                try { File.Delete(path); } catch (IOException) { }
            throw;
        }
        return new SegmentCommitInfo(name, id, n, 0, 0, hasVectors, hasBm25);
    }
}
