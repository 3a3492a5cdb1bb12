using System.Text.Json;
using SparseSearch.Encoding;
using SparseSearch.Text;
using Xunit;

namespace SparseSearch.Tests.Encoding;

[Collection(EncoderCollection.Name)]
public class EncodeJobTests(EncoderFixture fixture)
{
    private static byte[] Jsonl(IEnumerable<string> ids)
    {
        var texts = GoldenFiles.Texts;
        var sb = new System.Text.StringBuilder();
        foreach (var id in ids) sb.Append(JsonSerializer.Serialize(new { id, text = texts[id].Text })).Append('\n');
        return System.Text.Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static List<(string Id, JsonElement Vector)> Read(string path) =>
        File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement).Select(r => (r.GetProperty("id").GetString()!, r.GetProperty("vector").Clone())).ToList();

    [Fact]
    public void SmallChunksKeepInputOrderThroughThePipeline()
    {
        var ids = GoldenFiles.Splade.Where((g, i) => i % 9 == 0).Select(g => g.Id).ToArray();
        using var dir = TestPaths.NewTempDir();
        var output = Path.Combine(dir.Path, "out.jsonl");
        var job = EncodeJob.Sparse(fixture.Splade).WithChunkSize(4);
        EncodeSummary summary;
        using (var reader = new TextRecordReader(new MemoryStream(Jsonl(ids))))
        using (var writer = new EncodedVectorWriter(output, fixture.Splade.Model.Tokenizer))
        {
            var progress = new List<long>();
            summary = job.Run(reader, writer, e => Assert.Fail(e.Reason), progress.Add);
            writer.Commit();
            Assert.Equal(progress.Order(), progress);
            Assert.Equal((ids.Length + 3) / 4, progress.Count);
        }
        Assert.Equal(ids.Length, summary.Encoded);
        Assert.Equal(0, summary.Skipped);
        var rows = Read(output);
        Assert.Equal(ids, rows.Select(r => r.Id));
        var tokenizer = fixture.Splade.Model.Tokenizer;
        foreach (var (id, vector) in rows)
        {
            var pairs = vector.EnumerateObject().Select(p => (Id: tokenizer.TryGetId(p.Name, out int t) ? t : -1, W: p.Value.GetSingle())).ToArray();
            SpladeEncoderTests.AssertMatchesGolden(GoldenFiles.Splade.Single(g => g.Id == id), new SparseVector(pairs.Select(p => p.Id).ToArray(), pairs.Select(p => p.W).ToArray()));
        }
    }

    [Fact]
    public void AReadFailureStopsThePipelineAndIsRethrown()
    {
        var ids = GoldenFiles.Idf.Take(40).Select(g => g.Id).ToArray();
        var bytes = Jsonl(ids);
        using var dir = TestPaths.NewTempDir();
        var tokenizer = WordPieceTokenizer.FromFile(Path.Combine(TestPaths.Models, "opensearch-idf", "tokenizer.json"));
        var job = EncodeJob.IdfQueries(IdfQueryEncoder.Load(Path.Combine(TestPaths.Models, "opensearch-idf", "idf.json"), tokenizer)).WithChunkSize(3);
        using var reader = new TextRecordReader(new FailingStream(bytes, failAfter: bytes.Length / 2));
        using var writer = new EncodedVectorWriter(Path.Combine(dir.Path, "out.jsonl"), tokenizer);
        var e = Assert.Throws<IOException>(() => job.Run(reader, writer, _ => { }));
        Assert.Contains("disk on fire", e.Message);
    }

    [Fact]
    public void BenchmarkMeasuresBothPassesOnTheSameBatches()
    {
        var ids = GoldenFiles.Splade.Where((g, i) => i % 24 == 0).Select(g => g.Id).ToArray();
        var scratch = Path.Combine(Path.GetTempPath(), $"ss-bench-{Guid.NewGuid():N}.jsonl");
        var result = EncodeBenchmark.Run(fixture.Splade.Model, EncodeJob.Sparse(fixture.Splade).WithChunkSize(5), Jsonl(ids), scratch, repeats: 1);
        Assert.Equal(ids.Length, result.Texts);
        Assert.Equal(ids.Sum(id => GoldenFiles.Splade.Single(g => g.Id == id).InputIds.Length), result.Tokens);
        Assert.True(result.PaddedTokens >= result.Tokens);
        Assert.True(result.Batches >= (ids.Length + 4) / 5);
        Assert.Single(result.RawRuns);
        Assert.Single(result.EndToEndRuns);
        Assert.True(result.Ratio > 0 && result.CpuRatio > 0);
        Assert.False(File.Exists(scratch));
    }

    private sealed class FailingStream(byte[] data, int failAfter) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= failAfter) throw new IOException("disk on fire");
            return base.Read(buffer, offset, Math.Min(count, 97));
        }
    }
}
