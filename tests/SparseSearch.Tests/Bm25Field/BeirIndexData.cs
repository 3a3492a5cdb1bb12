using System.Text.Json;
using SparseSearch.Encoding;
using SparseSearch.Index;

namespace SparseSearch.Tests.Bm25Field;

/// <summary>A BEIR corpus (id, title, text) and its test queries, for indexing through <see cref="IndexWriter"/>.</summary>
public sealed class BeirIndexData
{
    public BeirIndexData(string name)
    {
        var dir = Path.Combine(TestPaths.Shared, "data", name);
        var corpus = Path.Combine(dir, "corpus.jsonl");
        foreach (var (line, number) in Analysis.EnglishAnalyzerGoldenTests.ReadJsonLines(corpus))
            Docs.Add((Str(line, "_id", corpus, number), Str(line, "title", corpus, number), Str(line, "text", corpus, number)));
        var queries = Path.Combine(dir, "queries.jsonl");
        foreach (var (line, number) in Analysis.EnglishAnalyzerGoldenTests.ReadJsonLines(queries))
            Queries[Str(line, "_id", queries, number)] = Str(line, "text", queries, number);
        QrelsPath = Path.Combine(dir, "qrels", "test.tsv");
    }

    public List<(string Id, string Title, string Text)> Docs { get; } = new();

    public Dictionary<string, string> Queries { get; } = new();

    public string QrelsPath { get; }

    /// <summary>Indexes every document into a new BM25-only index (analysis in parallel, adds in corpus order).</summary>
    public void BuildIndex(string directory, int maxBufferedDocs)
    {
        var field = new Bm25FieldSchema();
        var analysed = new SparseSearch.Encoding.Bm25.TermFrequencies[Docs.Count];
        Parallel.For(0, Docs.Count, i => analysed[i] = field.Analyze(Docs[i].Title, Docs[i].Text));
        using var writer = IndexWriter.Create(directory, new IndexSchema { VocabSize = 0, Bm25 = field },
            new IndexWriterOptions { MaxBufferedDocs = maxBufferedDocs, MergePolicy = null });
        for (int i = 0; i < Docs.Count; i++)
        {
            var (id, title, text) = Docs[i];
            writer.Upsert(new IndexDocument(id, SparseVector.Empty, title, text) { Bm25Terms = analysed[i] });
        }
        writer.Commit();
    }

    private static string Str(JsonElement line, string name, string file, int number) =>
        line.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new InvalidDataException($"{file} line {number}: missing string field '{name}'");
}
