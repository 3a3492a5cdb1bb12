using System.Text.Json;
using SparseSearch.Encoding;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.PreEncoded;
using SparseSearch.Index;
using SparseSearch.Search.Query;
using SparseSearch.Service;
using SparseSearch.Text;

namespace SparseSearch.Server.Tests;

/// <summary>
/// A real index of the first <see cref="Count"/> SciFact documents, built once per test run from the reference stack's
/// pre-encoded splade-tiny and MiniLM vectors (stored title and text from corpus.jsonl), with the model folders recorded
/// in its commit so the server loads the real shipped models. Each server gets its own copy (one writer per index).
/// </summary>
internal static class SciFactSlice
{
    public const int Count = 60;
    private static readonly Lazy<(string Path, List<BeirDocument> Docs)> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly TempDir Home = new("ss-server-tests");

    /// <summary>The documents indexed (in order).</summary>
    public static IReadOnlyList<BeirDocument> Documents => Built.Value.Docs;

    /// <summary>A fresh copy of the index in a new folder under <paramref name="parent"/>.</summary>
    public static string CopyTo(string parent)
    {
        var source = Built.Value.Path;
        var dest = Path.Combine(parent, "index-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dest);
        foreach (var f in Directory.EnumerateFiles(source))
        {
            var name = Path.GetFileName(f);
            if (name.StartsWith("write.lock", StringComparison.Ordinal)) continue;
            File.Copy(f, Path.Combine(dest, name));
        }
        return dest;
    }

    private static (string, List<BeirDocument>) Build()
    {
        string data = Path.Combine(TestPaths.Shared, "data", "scifact");
        string enc = Path.Combine(data, "encoded");
        string sparseModel = Path.Combine(TestPaths.Models, "splade-tiny");
        string denseModel = Path.Combine(TestPaths.Models, "all-MiniLM-L6-v2");
        var tokenizer = WordPieceTokenizer.FromFile(Path.Combine(sparseModel, "tokenizer.json"));
        var docs = BeirCorpusReader.Read(Path.Combine(data, "corpus.jsonl")).Take(Count).ToList();
        var wanted = docs.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var dense = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var v in PreEncodedReader.ReadDense(Path.Combine(enc, "all-MiniLM-L6-v2.corpus.jsonl.gz"), 384))
        {
            if (wanted.ContainsKey(v.Id)) dense[v.Id] = v.Vector;
            if (dense.Count == wanted.Count) break;
        }
        var dir = Path.Combine(Home.Path, "scifact-slice");
        var schema = new IndexSchema
        {
            VocabSize = tokenizer.VocabSize,
            SparseModel = "splade-tiny",
            SparseModelChecksum = tokenizer.VocabularyChecksum,
            DenseDimension = 384,
            DenseModel = "all-MiniLM-L6-v2",
            ImpactScale = IndexCreation.DefaultImpactScale,
        };
        using (var writer = IndexWriter.Create(dir, schema))
        {
            int n = 0;
            foreach (var v in PreEncodedReader.ReadSparse(Path.Combine(enc, "splade-tiny.corpus.jsonl.gz")))
            {
                if (!wanted.TryGetValue(v.Id, out var doc)) continue;
                var pairs = new List<KeyValuePair<int, float>>(v.Count);
                for (int i = 0; i < v.Count; i++)
                {
                    if (!tokenizer.TryGetId(v.Tokens[i], out int id))
                        throw new InvalidDataException($"doc {v.Id}: token {v.Tokens[i]} not in the splade-tiny vocabulary");
                    if (!tokenizer.IsSpecialId(id) && v.Weights[i] > 0f)
                        pairs.Add(new(id, v.Weights[i]));
                }
                writer.Upsert(new IndexDocument(v.Id, SparseVector.FromPairs(pairs), doc.Title, doc.Text, Dense: dense[v.Id]));
                if (++n == wanted.Count) break;
            }
            if (n != Count) throw new InvalidDataException($"only {n} of {Count} documents found in the pre-encoded files");
            writer.Commit(new Dictionary<string, string>
            {
                [ModelPaths.SparseModelKey] = sparseModel,
                [ModelPaths.DenseModelKey] = denseModel,
                [ModelPaths.IdfFileKey] = Path.Combine(TestPaths.Models, "opensearch-idf", "idf.json"),
            });
        }
        return (dir, docs);
    }

    public static string ToJsonArray(IEnumerable<object> docs) => JsonSerializer.Serialize(docs);
}
