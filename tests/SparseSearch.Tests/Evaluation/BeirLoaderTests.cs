using System.IO.Compression;
using SparseSearch.Evaluation;
using SparseSearch.Evaluation.Beir;
using Xunit;

namespace SparseSearch.Tests.Evaluation;

public sealed class BeirLoaderTests
{
    private static string Write(TempDir dir, string name, string text)
    {
        var path = Path.Combine(dir.Path, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void CorpusStreamsDocumentsWithOptionalTitleFromPlainAndGzip()
    {
        using var dir = TestPaths.NewTempDir();
        const string text = "{\"_id\": \"d1\", \"title\": \"T\", \"text\": \"body one\", \"metadata\": {}}\n\n{\"_id\": \"d2\", \"text\": \"body two\"}\n";
        var plain = Write(dir, "corpus.jsonl", text);
        var gz = Path.Combine(dir.Path, "corpus2.jsonl.gz");
        using (var gzs = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
            gzs.Write(System.Text.Encoding.UTF8.GetBytes(text));
        foreach (var path in new[] { plain, gz })
        {
            var docs = BeirCorpusReader.Read(path).ToList();
            Assert.Equal(2, docs.Count);
            Assert.Equal(new BeirDocument("d1", "T", "body one"), docs[0]);
            Assert.Equal("T body one", docs[0].FullText);
            Assert.Equal("body two", docs[1].FullText);
        }
    }

    [Fact]
    public void BadCorpusLinesAreReportedWithLineNumberAndReason()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Write(dir, "corpus.jsonl",
            "{\"_id\": \"d1\", \"text\": \"ok\"}\n" +
            "{\"_id\": \"d2\", \"text\": \n" +              // line 2: truncated JSON
            "{\"title\": \"x\", \"text\": \"no id\"}\n" +   // line 3: no _id
            "{\"_id\": \"d1\", \"text\": \"again\"}\n" +    // line 4: duplicate
            "{\"_id\": \"d5\", \"text\": 5}\n" +            // line 5: text not a string
            "{\"_id\": \"d6\", \"text\": \"fine\"}\n");
        var ex = Assert.Throws<DataFormatException>(() => BeirCorpusReader.Read(path).ToList());
        Assert.Equal(2, ex.LineNumber);
        Assert.Contains("corpus.jsonl:2", ex.Message);

        var errors = new List<DataFormatError>();
        var docs = BeirCorpusReader.Read(path, errors.Add).ToList();
        Assert.Equal(new[] { "d1", "d6" }, docs.Select(d => d.Id));
        Assert.Equal(new long[] { 2, 3, 4, 5 }, errors.Select(e => e.LineNumber));
        Assert.Contains("\"_id\"", errors[1].Reason);
        Assert.Contains("twice", errors[2].Reason);
        Assert.Contains("expected a string", errors[3].Reason);
    }

    [Fact]
    public void QrelsAcceptBeirHeaderTsvAndTrecLayout()
    {
        using var dir = TestPaths.NewTempDir();
        var beir = QrelsReader.Read(Write(dir, "a.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t2\nq2\td1\t0\n"));
        Assert.Equal(new[] { "q1", "q2" }, beir.QueryIds);
        Assert.Equal(2, beir.For("q1")["d2"]);
        Assert.Equal(3, beir.JudgmentCount);
        var trec = QrelsReader.Read(Write(dir, "b.txt", "q1 0 d1 1\nq1  0  d2   2\n"));
        Assert.Equal(2, trec.For("q1").Count);
        var noHeader = QrelsReader.Read(Write(dir, "c.tsv", "q1\td1\t1\n"));
        Assert.Equal(1, noHeader.JudgmentCount);   // a first line with a numeric grade is data, not a header
    }

    [Fact]
    public void BadQrelsLinesNameTheLine()
    {
        using var dir = TestPaths.NewTempDir();
        var ex = Assert.Throws<DataFormatException>(() => QrelsReader.Read(Write(dir, "q.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\thigh\n")));
        Assert.Equal(3, ex.LineNumber);
        Assert.Contains("not an integer", ex.Reason);
        ex = Assert.Throws<DataFormatException>(() => QrelsReader.Read(Write(dir, "r.tsv", "q1\td1\t1\nq1\td1\t2\n")));
        Assert.Equal(2, ex.LineNumber);
        ex = Assert.Throws<DataFormatException>(() => QrelsReader.Read(Write(dir, "s.tsv", "q1\td1\n")));
        Assert.Contains("expected 3 fields", ex.Reason);
    }

    [Fact]
    public void DatasetSelectsTheSplitsQueriesInQrelsOrder()
    {
        using var dir = TestPaths.NewTempDir();
        Write(dir, "corpus.jsonl", "{\"_id\": \"d1\", \"text\": \"x\"}\n");
        Write(dir, "queries.jsonl", "{\"_id\": \"1\", \"text\": \"one\"}\n{\"_id\": \"2\", \"text\": \"two\"}\n{\"_id\": \"3\", \"text\": \"three\"}\n");
        Write(dir, Path.Combine("qrels", "test.tsv"), "query-id\tcorpus-id\tscore\n3\td1\t1\n1\td1\t1\n");
        var ds = BeirDataset.Open(dir.Path);
        Assert.Equal(new[] { "3", "1" }, ds.Queries.Select(q => q.Id));
        Assert.Single(ds.ReadCorpus());
        Write(dir, Path.Combine("qrels", "dev.tsv"), "query-id\tcorpus-id\tscore\n9\td1\t1\n");
        var ex = Assert.Throws<DataFormatException>(() => BeirDataset.Open(dir.Path, "dev"));
        Assert.Contains("query 9", ex.Message);
        Assert.Throws<FileNotFoundException>(() => BeirDataset.Open(dir.Path, "train"));
    }

    [Fact]
    public void RealSciFactLoads()
    {
        var ds = BeirDataset.Open(Path.Combine(TestPaths.Shared, "data", "scifact"));
        Assert.Equal(300, ds.Queries.Count);
        Assert.Equal(339, ds.Qrels.JudgmentCount);
        Assert.Equal(5183, ds.ReadCorpus().Count());
    }
}

public sealed class CorruptInputTests
{
    [Fact]
    public void CorruptGzipNamesTheFile()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "corpus.jsonl.gz");
        var bytes = new byte[4096];
        new Random(1).NextBytes(bytes);
        bytes[0] = 0x1f; bytes[1] = 0x8b; bytes[2] = 8; // a gzip header followed by garbage
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<DataFormatException>(() => BeirCorpusReader.Read(path).ToList());
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("corrupt compressed data", ex.Reason);
    }

    [Fact]
    public void MissingFileIsAClearError()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => BeirQueriesReader.ReadAll("/no/such/queries.jsonl"));
        Assert.Contains("/no/such/queries.jsonl", ex.Message);
    }
}
