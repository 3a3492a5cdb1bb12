using System.IO.Compression;
using SparseSearch.Encoding;
using SparseSearch.Evaluation.PreEncoded;
using SparseSearch.Index;
using SparseSearch.Indexing;
using SparseSearch.Onnx;
using SparseSearch.Search;
using SparseSearch.Text;
using Xunit;

namespace SparseSearch.Tests.Indexing;

/// <summary>Shared ONNX environment, the splade-tiny vocabulary, SciFact query vectors and helpers for the indexing tests.</summary>
public sealed class IndexingFixture : IDisposable
{
    public IndexingFixture()
    {
        Environment = OrtEnvironment.Create();
        Tokenizer = WordPieceTokenizer.FromFile(SpladeFolder);
        var queries = PreEncodedReader.ReadAllSparse(Path.Combine(SciFactEncoded, "splade-tiny.queries.jsonl.gz"));
        Queries = queries.Take(40).Select(q => q.ToSparseVector(new VocabularyMap(Tokenizer))).ToArray();
    }

    public static string SpladeFolder => Path.Combine(TestPaths.Models, "splade-tiny");

    public static string MiniLmFolder => Path.Combine(TestPaths.Models, "all-MiniLM-L6-v2");

    public static string SciFactCorpus => Path.Combine(TestPaths.Shared, "data", "scifact", "corpus.jsonl");

    public static string SciFactEncoded => Path.Combine(TestPaths.Shared, "data", "scifact", "encoded");

    public static string PreEncodedSparse => Path.Combine(SciFactEncoded, "splade-tiny.corpus.jsonl.gz");

    public static string PreEncodedDense => Path.Combine(SciFactEncoded, "all-MiniLM-L6-v2.corpus.jsonl.gz");

    public OrtEnvironment Environment { get; }

    private readonly TempDir _shared = TestPaths.NewTempDir("ss-indexing-fixture");
    private readonly object _fullLock = new();
    private string? _full;

    /// <summary>All 5,183 SciFact documents imported from the pre-encoded splade-tiny + MiniLM files (built once).</summary>
    public string FullPreEncodedIndex
    {
        get
        {
            lock (_fullLock)
            {
                if (_full is null)
                {
                    var dir = Path.Combine(_shared.Path, "full");
                    var report = Run(new IndexingRequest { PreEncoded = PreEncodedSparse, PreEncodedDense = PreEncodedDense, IndexDirectory = dir, SparseModel = SpladeFolder });
                    Assert.Equal(IndexingOutcome.Completed, report.Outcome);
                    Assert.Equal(5183, report.Run.Indexed);
                    _full = dir;
                }
                return _full;
            }
        }
    }

    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>40 real splade-tiny SciFact query vectors.</summary>
    public SparseVector[] Queries { get; }

    public IndexingReport Run(IndexingRequest request, CancellationToken stop = default)
    {
        using var job = IndexingJob.Open(request, Environment);
        return job.Run(stop);
    }

    /// <summary>Top-10 (id, score) of every query, rank-safe.</summary>
    public List<(string Id, float Score)[]> SearchAll(string indexDir)
    {
        using var snapshot = IndexReader.Open(indexDir);
        var searcher = new ImpactSearcher(snapshot);
        return Queries.Select(q => searcher.Search(q, 10).Hits.Select(h => (h.Id, h.Score)).ToArray()).ToList();
    }

    /// <summary>id → (terms, impacts) of every live document.</summary>
    public static Dictionary<string, (int[] Terms, byte[] Impacts)> ForwardById(string indexDir)
    {
        using var snapshot = IndexReader.Open(indexDir);
        var map = new Dictionary<string, (int[], byte[])>();
        foreach (var seg in snapshot.Segments)
            for (int d = 0; d < seg.DocCount; d++)
                if (seg.IsLive(d)) map.Add(seg.GetId(d), seg.GetImpacts(d));
        return map;
    }

    /// <summary>The first <paramref name="lines"/> lines of a (possibly gzipped) file, written to <paramref name="path"/>.</summary>
    public static string Head(string source, int lines, string path)
    {
        using var input = new StreamReader(source.EndsWith(".gz") ? new GZipStream(File.OpenRead(source), CompressionMode.Decompress) : File.OpenRead(source));
        using var output = new StreamWriter(path);
        for (int i = 0; i < lines && input.ReadLine() is { } line; i++) output.WriteLine(line);
        return path;
    }

    public void Dispose()
    {
        Environment.Dispose();
        _shared.Dispose();
    }

    private sealed class VocabularyMap(WordPieceTokenizer t) : IReadOnlyDictionary<string, int>
    {
        public int this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);
        public IEnumerable<string> Keys => throw new NotSupportedException();
        public IEnumerable<int> Values => throw new NotSupportedException();
        public int Count => t.VocabSize;
        public bool ContainsKey(string key) => t.TryGetId(key, out _);
        public bool TryGetValue(string key, out int value) => t.TryGetId(key, out value);
        public IEnumerator<KeyValuePair<string, int>> GetEnumerator() => throw new NotSupportedException();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

[CollectionDefinition(Name)]
public sealed class IndexingCollection : ICollectionFixture<IndexingFixture>
{
    public const string Name = "Indexing";
}
