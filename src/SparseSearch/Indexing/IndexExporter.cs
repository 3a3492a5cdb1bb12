using System.IO.Compression;
using System.Text.Json;
using SparseSearch.Index;
using SparseSearch.Text;

namespace SparseSearch.Indexing;

/// <summary>
/// Writes an index's live documents back out as Anserini JsonVectorCollection lines, the format
/// <see cref="PreEncodedSource"/> imports: <c>{"id": "…", "contents": "…", "vector": {"wordpiece": weight, …}}</c>, one per
/// line (gzip when the name ends in <c>.gz</c>). Weights are the dequantised impacts (<c>impact × scale</c>, exact in
/// float32 by the choice of scale, written in shortest round-trip form), tokens are the vocabulary strings of the index's
/// model, <c>contents</c> is the stored title and text joined by a space. Optionally the dense vectors go to a second file
/// as <c>{"id": "…", "vector": [floats]}</c>.
/// </summary>
/// <remarks>Re-importing the export with <c>--impact-scale</c> set to <see cref="ExportReport.ImpactScale"/> rebuilds the
/// same impacts, hence the same search results and scores; without it the importer's own rule (largest weight → 255)
/// finds the same scale whenever some impact of the export is 255 (see <see cref="ImpactScales"/>).</remarks>
public static class IndexExporter
{
    /// <summary>Exports the latest commit of <paramref name="indexDirectory"/>.</summary>
    /// <param name="indexDirectory">The index.</param>
    /// <param name="output">Sparse output file.</param>
    /// <param name="vocabulary">Tokenizer whose vocabulary the index's term ids come from (checked with <see cref="ModelCompatibility.RequireQueryVocabulary"/>).</param>
    /// <param name="denseOutput">Optional dense output file (the index must have a dense field).</param>
    public static ExportReport Export(string indexDirectory, string output, WordPieceTokenizer vocabulary, string? denseOutput = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        using var snapshot = IndexReader.Open(indexDirectory);
        if (snapshot.Schema.VocabSize == 0)
            throw new IndexingException($"The index in {indexDirectory} has no learned sparse field to export (BM25 only).");
        ModelCompatibility.RequireQueryVocabulary(snapshot.Schema, vocabulary, vocabulary.SourcePath);
        if (denseOutput is not null && snapshot.Schema.DenseDimension == 0)
            throw new IndexingException($"The index in {indexDirectory} has no dense field to export.");
        var tokens = new string[vocabulary.VocabSize];
        for (int i = 0; i < tokens.Length; i++) tokens[i] = vocabulary.GetToken(i);

        long docs = 0, terms = 0;
        using (var sparseStream = OpenWrite(output))
        using (var denseStream = denseOutput is null ? null : OpenWrite(denseOutput))
        {
            using var json = new Utf8JsonWriter(sparseStream, new JsonWriterOptions { Indented = false, SkipValidation = true });
            using var denseJson = denseStream is null ? null : new Utf8JsonWriter(denseStream, new JsonWriterOptions { Indented = false, SkipValidation = true });
            foreach (var seg in snapshot.Segments)
            {
                for (int d = 0; d < seg.DocCount; d++)
                {
                    if (!seg.IsLive(d)) continue;
                    var stored = seg.GetStored(d);
                    var (ids, impacts) = seg.GetImpacts(d);
                    json.Reset();
                    json.WriteStartObject();
                    json.WriteString("id", stored.Id);
                    string title = stored.Title ?? "", text = stored.Text ?? "";
                    json.WriteString("contents", title.Length == 0 ? text : text.Length == 0 ? title : title + " " + text);
                    json.WriteStartObject("vector");
                    for (int i = 0; i < ids.Length; i++)
                        json.WriteNumber(tokens[ids[i]], ImpactQuantizer.Dequantize(impacts[i], seg.Scale));
                    json.WriteEndObject();
                    json.WriteEndObject();
                    json.Flush();
                    sparseStream.WriteByte((byte)'\n');
                    terms += ids.Length;
                    docs++;
                    if (denseJson is not null && seg.TryGetDenseVector(d, out var vector))
                    {
                        denseJson.Reset();
                        denseJson.WriteStartObject();
                        denseJson.WriteString("id", stored.Id);
                        denseJson.WriteStartArray("vector");
                        foreach (var x in vector) denseJson.WriteNumberValue(x);
                        denseJson.WriteEndArray();
                        denseJson.WriteEndObject();
                        denseJson.Flush();
                        denseStream!.WriteByte((byte)'\n');
                    }
                }
            }
        }
        return new ExportReport(docs, terms, snapshot.Schema.ImpactScale ?? 0f);
    }

    private static Stream OpenWrite(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Fastest, leaveOpen: false) : file;
    }
}

/// <summary>What an export wrote.</summary>
/// <param name="Documents">Live documents written.</param>
/// <param name="Terms">Total terms written.</param>
/// <param name="ImpactScale">The index's impact scale (pass it as <c>--impact-scale</c> to re-import with identical impacts).</param>
public readonly record struct ExportReport(long Documents, long Terms, float ImpactScale);
