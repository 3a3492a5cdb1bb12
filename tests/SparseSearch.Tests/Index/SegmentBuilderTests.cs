using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Codec;
using Xunit;

namespace SparseSearch.Tests.Index;

/// <summary>
/// The flush path (bucketed inversion, reused scratch arrays, two writer threads) must write the same bytes as the
/// plain one: a direct counting sort by term and every file written in turn on one thread, kept here as the reference.
/// </summary>
public class SegmentBuilderTests
{
    private const int Dense = 3;

    private static List<BufferedDoc> Docs(int seed, int vocab, int count)
    {
        var corpus = new RandomCorpus(seed, vocab);
        var docs = new List<BufferedDoc>(count);
        for (int i = 0; i < count; i++)
        {
            var v = corpus.Vector(1, 40, 4f);
            var dense = new float[Dense];
            for (int d = 0; d < Dense; d++) dense[d] = (float)corpus.Rng.NextDouble();
            string? text = corpus.Rng.Next(3) == 0 ? null : $"text of doc {i} " + new string('x', corpus.Rng.Next(200));
            docs.Add(new BufferedDoc(new IndexDocument($"doc-{seed}-{i}", v, Title: i % 5 == 0 ? $"title {i}" : null, Text: text, Dense: dense)));
        }
        return docs;
    }

    /// <summary>The previous flush algorithm, one posting at a time into its term's list.</summary>
    private static long WriteReference(string dir, string name, byte[] id, List<BufferedDoc> docs, IndexSchema schema, float scale, int shift)
    {
        int n = docs.Count, vocab = schema.VocabSize;
        long saturated = 0;
        var docTerms = new List<int>[n];
        var docImpacts = new List<byte>[n];
        var termDocs = new List<int>[vocab];
        var termImpacts = new List<byte>[vocab];
        for (int i = 0; i < n; i++)
        {
            docTerms[i] = new List<int>();
            docImpacts[i] = new List<byte>();
            var v = docs[i].Doc.Sparse;
            for (int j = 0; j < v.Count; j++)
            {
                byte q = ImpactQuantizer.Quantize(v.Weights[j], scale);
                if (q == 0) continue;
                if (v.Weights[j] >= 255.5f * scale) saturated++;
                int t = v.TermIds[j];
                docTerms[i].Add(t);
                docImpacts[i].Add(q);
                (termDocs[t] ??= new List<int>()).Add(i);
                (termImpacts[t] ??= new List<byte>()).Add(q);
            }
        }
        string P(string ext) => Path.Combine(dir, name + ext);
        using (var pw = new PostingsWriter(P(SegmentFiles.PostingsExt), id, vocab, n, shift, scale))
        {
            for (int t = 0; t < vocab; t++)
                if (termDocs[t] is { } list)
                    pw.AddTerm(t, list.ToArray(), termImpacts[t].ToArray());
            pw.Finish();
        }
        using (var fw = new ForwardWriter(P(SegmentFiles.ForwardExt), id, vocab))
        {
            for (int i = 0; i < n; i++) fw.AddDoc(docTerms[i].ToArray(), docImpacts[i].ToArray());
            fw.Finish();
        }
        using (var iw = new IdsWriter(P(SegmentFiles.IdsExt), id))
        {
            foreach (var d in docs) iw.AddId(d.Doc.Id);
            iw.Finish();
        }
        using (var sw = new StoredFieldsWriter(P(SegmentFiles.StoredExt), id))
        {
            foreach (var d in docs) sw.AddDoc(d.Doc.Title, d.Doc.Text, d.Doc.Metadata);
            sw.Finish();
        }
        using (var vw = new VectorsWriter(P(SegmentFiles.VectorsExt), id, Dense))
        {
            foreach (var d in docs) vw.AddDoc(d.Doc.Dense);
            vw.Finish();
        }
        return saturated;
    }

    [Theory]
    [InlineData(200, false)]    // vocabulary within one bucket width: no bucketing shift
    [InlineData(3000, true)]
    [InlineData(70_000, true)]  // 4-byte forward term ids, buckets of 512 terms
    [InlineData(70_000, false)]
    public void FlushWritesTheSameBytesAsTheReference(int vocab, bool parallel)
    {
        var root = Path.Combine(Path.GetTempPath(), "ss-segbuild-" + Guid.NewGuid().ToString("N"));
        try
        {
            var schema = new IndexSchema { VocabSize = vocab, DenseDimension = Dense, SparseModel = "random" };
            // Weights up to 4 against a scale for 2: some saturate, and the smallest quantise to 0 and are dropped.
            float scale = 2f / 255f;
            int shift = 3;
            var scratch = new FlushScratch();
            // A bigger flush first leaves longer, stale scratch arrays for the second one.
            var first = Docs(1, vocab, 1500);
            var second = Docs(2, vocab, 900);
            int round = 0;
            foreach (var docs in new[] { first, second })
            {
                string a = Path.Combine(root, $"new{round}"), b = Path.Combine(root, $"ref{round}");
                Directory.CreateDirectory(a);
                Directory.CreateDirectory(b);
                var id = Guid.NewGuid().ToByteArray();
                long satNew = 0;
                var info = SegmentBuilder.Write(a, "seg_0", id, docs, schema, scale, shift, ref satNew, parallel, scratch);
                long satRef = WriteReference(b, "seg_0", id, docs, schema, scale, shift);
                Assert.Equal(satRef, satNew);
                Assert.True(satRef > 0);
                Assert.Equal(docs.Count, info.DocCount);
                var files = Directory.GetFiles(b).Select(Path.GetFileName).Order().ToArray();
                Assert.Equal(files, Directory.GetFiles(a).Select(Path.GetFileName).Order().ToArray());
                Assert.Equal(5, files.Length);
                foreach (var f in files)
                    Assert.True(File.ReadAllBytes(Path.Combine(a, f!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f!))), $"{f} differs (round {round})");
                round++;
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }
}
