using System.Text;
using SparseSearch.Cli;
using SparseSearch.Index;
using SparseSearch.Indexing;
using Xunit;

namespace SparseSearch.Tests.Indexing;

[Collection(IndexingCollection.Name)]
public class BadInputTests(IndexingFixture fx)
{
    private static int Cli(params string[] args) => Program.BuildRoot().Parse(args).Invoke();

    [Fact]
    public void EachBadLineIsSkippedWithItsNumberHugeAndEmptyDocumentsAreIndexedAndCounted()
    {
        using var dir = TestPaths.NewTempDir("ss-bad");
        var good = File.ReadLines(IndexingFixture.SciFactCorpus).Take(4).ToList();
        var bytes = new List<byte>();
        void Line(string s) => bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(s + "\n"));
        Line(good[0]);                                                     // 1
        Line("{\"_id\": \"broken\", \"text\": ");                          // 2 malformed JSON
        Line("{\"title\": \"no id\", \"text\": \"orphan\"}");              // 3 missing id
        Line("{\"_id\": \"n1\", \"text\": 12345}");                         // 4 non-string text
        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes("{\"_id\": \"u1\", \"text\": \"caf"));
        bytes.Add(0xC3);                                                    // 5 invalid UTF-8 (truncated sequence)
        Line("\"}");
        Line("{\"_id\": \"empty\", \"title\": \"\", \"text\": \"\"}");     // 6 empty document
        Line(good[1]);                                                     // 7
        var huge = new StringBuilder("{\"_id\": \"huge\", \"text\": \"");
        while (huge.Length < 1_000_000) huge.Append("cerebral white matter development assessed in vivo ");
        Line(huge.Append("\"}").ToString());                              // 8: a 1 MB document
        Line(good[2]);                                                     // 9
        Line(good[0].Replace("Microstructural", "Updated"));              // 10 duplicate id of line 1: an update
        Line(good[3]);                                                     // 11
        string corpus = Path.Combine(dir.Path, "bad.jsonl"), index = Path.Combine(dir.Path, "ix"), log = Path.Combine(dir.Path, "skips.txt");
        File.WriteAllBytes(corpus, bytes.ToArray());

        Assert.Equal(2, IndexCommand(corpus, index, "--skip-log", log)); // done, but lines were skipped

        var skips = File.ReadAllLines(log);
        Assert.Equal(4, skips.Length);
        Assert.StartsWith($"{corpus}:2: MalformedJson", skips[0]);
        Assert.StartsWith($"{corpus}:3: MissingId", skips[1]);
        Assert.StartsWith($"{corpus}:4: NonStringText", skips[2]);
        Assert.StartsWith($"{corpus}:5: InvalidUtf8", skips[3]);

        var (_, data, _) = IndexReader.ReadLatestCommit(index);
        var state = IndexingState.ReadFrom(data)!;
        Assert.True(state.Complete);
        Assert.Equal(11, state.LinesDone);
        Assert.Equal(new IndexingTotals(Indexed: 7, Skipped: 4, Duplicates: 1, Truncated: state.Totals.Truncated, Empty: 1), state.Totals);
        Assert.True(state.Totals.Truncated >= 1, "the 1 MB document is cut to 512 tokens and counted");

        using var snapshot = IndexReader.Open(index);
        Assert.Equal(6, snapshot.LiveDocCount); // 7 written, one replaced
        Assert.True(snapshot.TryFind("empty", out int s, out int d));
        Assert.True(snapshot.GetForwardVector(s, d).Count > 0, "an empty document gets the model's [CLS] [SEP] vector");
        Assert.True(snapshot.TryFind("huge", out s, out d));
        Assert.True(snapshot.TryFind("4983", out s, out d));
        Assert.StartsWith("Updated", snapshot.GetStored(s, d).Title);

        // Rerunning the same command: nothing left, nothing skipped this time.
        Assert.Equal(0, IndexCommand(corpus, index));
    }

    [Fact]
    public void BadPreEncodedLinesAreSkippedWithReasons()
    {
        using var dir = TestPaths.NewTempDir("ss-badpre");
        var lines = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 5, Path.Combine(dir.Path, "head.jsonl"));
        var content = File.ReadAllLines(lines).ToList();
        content.Add("{\"id\": \"x1\", \"contents\": \"c\", \"vector\": {\"zzqqxxnotaword\": 1.5, \"cell\": 2}}"); // 6 unknown token
        content.Add("{\"id\": \"x2\", \"vector\": {\"cell\": -1}}");                                              // 7 negative weight
        content.Add("{\"id\": \"x3\", \"vector\": {\"cell\": \"heavy\"}}");                                       // 8 non-numeric weight
        content.Add("{\"id\": \"x4\", \"vector\": {\"cell\": 120, \"brain\": 7}}");                                // 9 integer weights: fine
        content.Add("{\"vector\": {\"cell\": 1}}");                                                                // 10 no id
        content.Add("{\"id\": \"x5\", \"vector\": {\"id\": -1}}");                                                // 11 a token named id, bad weight
        content.Add("{\"id\": \"x6\", \"vector\": {\"cell\": 1, \"zzqqxxnotaword\": 1, \"cell\": 2}}");           // 12 repeated token
        content.Add("{\"id\": [7], \"vector\": {\"cell\": 1}}");                                             // 13 id of the wrong type
        content.Add("{\"id\": \"x7\", \"contents\": 3, \"vector\": {\"cell\": 1}}");                        // 14 non-string contents
        File.WriteAllLines(lines, content);
        var skipped = new List<SkippedLine>();
        var report = fx.Run(new IndexingRequest
        {
            PreEncoded = lines, IndexDirectory = Path.Combine(dir.Path, "ix"), SparseModel = IndexingFixture.SpladeFolder, OnSkipped = skipped.Add,
        });
        Assert.Equal(6, report.Run.Indexed);
        Assert.Equal([6L, 7, 8, 10, 11, 12, 13, 14], skipped.Select(s => s.Line));
        // The same reasons the raw-corpus reader gives for the same faults.
        Assert.Equal([SkipReason.UnknownToken, SkipReason.BadVector, SkipReason.BadVector, SkipReason.MissingId, SkipReason.BadVector, SkipReason.BadVector,
            SkipReason.BadId, SkipReason.NonStringText], skipped.Select(s => s.Reason));
        Assert.Contains("token \"zzqqxxnotaword\" of document \"x1\" is not in the vocabulary of", skipped[0].Message);
        Assert.Contains("token \"cell\" appears twice", skipped[5].Message);
        // Integer weights saturate nothing: the scale came from the largest weight (120).
        Assert.Equal(ImpactScales.ForMaxWeight(120), report.ImpactScale);
    }

    [Fact]
    public void MissingCorpusUnwritableIndexAndOtherInputAreClearErrors()
    {
        using var dir = TestPaths.NewTempDir("ss-errors");
        var missing = Path.Combine(dir.Path, "nope.jsonl");
        var e1 = Assert.Throws<FileNotFoundException>(() => fx.Run(new IndexingRequest { Corpus = missing, IndexDirectory = Path.Combine(dir.Path, "ix"), SparseModel = IndexingFixture.SpladeFolder }));
        Assert.Contains(missing, e1.Message);
        Assert.Equal(1, IndexCommand(missing, Path.Combine(dir.Path, "ix")));

        string pre = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 20, Path.Combine(dir.Path, "p.jsonl"));
        var blocker = Path.Combine(dir.Path, "file");
        File.WriteAllText(blocker, "not a directory");
        var e2 = Assert.Throws<IndexingException>(() => fx.Run(new IndexingRequest { PreEncoded = pre, IndexDirectory = Path.Combine(blocker, "ix"), SparseModel = IndexingFixture.SpladeFolder }));
        Assert.Contains("Cannot write to the index directory", e2.Message);

        // Another input into an existing index: refused, unless --restart.
        string index = Path.Combine(dir.Path, "ix2");
        fx.Run(new IndexingRequest { PreEncoded = pre, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder });
        string other = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 10, Path.Combine(dir.Path, "q.jsonl"));
        var e3 = Assert.Throws<IndexingException>(() => fx.Run(new IndexingRequest { PreEncoded = other, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder }));
        Assert.Contains("built from another input", e3.Message);
        Assert.Contains("--restart", e3.Message);
        var restarted = fx.Run(new IndexingRequest { PreEncoded = other, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder, Restart = true });
        Assert.Equal(IndexingOutcome.Completed, restarted.Outcome);
        using (var snapshot = IndexReader.Open(index)) Assert.Equal(10, snapshot.LiveDocCount);
    }

    [Fact]
    public void RestartRebuildsADamagedIndex()
    {
        using var dir = TestPaths.NewTempDir("ss-restart");
        string pre = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 12, Path.Combine(dir.Path, "p.jsonl"));
        string index = Path.Combine(dir.Path, "ix");
        fx.Run(new IndexingRequest { PreEncoded = pre, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder });
        var postings = Directory.GetFiles(index, "seg_*.pst").First();
        File.WriteAllBytes(postings, File.ReadAllBytes(postings)[..100]); // truncated: the writer cannot open it
        Assert.ThrowsAny<Exception>(() => IndexReader.Open(index).Dispose());
        var report = fx.Run(new IndexingRequest { PreEncoded = pre, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder, Restart = true });
        Assert.Equal(IndexingOutcome.Completed, report.Outcome);
        Assert.True(SparseSearch.Index.Check.IndexChecker.Check(index).Ok);
        using var snapshot = IndexReader.Open(index);
        Assert.Equal(12, snapshot.LiveDocCount);
    }

    [Fact]
    public void AnIndexBuiltWithAnotherModelIsRefused()
    {
        using var dir = TestPaths.NewTempDir("ss-mismatch");
        string pre = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 10, Path.Combine(dir.Path, "p.jsonl"));
        string index = Path.Combine(dir.Path, "ix");
        fx.Run(new IndexingRequest { PreEncoded = pre, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder });

        // Same vocabulary, but live splade-tiny vectors are not the imported ones: refused.
        string corpus = IndexingFixture.Head(IndexingFixture.SciFactCorpus, 3, Path.Combine(dir.Path, "c.jsonl"));
        var (schema, data, _) = IndexReader.ReadLatestCommit(index);
        var e1 = Assert.Throws<ModelMismatchException>(() =>
            ModelCompatibility.RequireSameModels(index, schema, data, ModelIdentity.OfModel("splade-tiny", Path.Combine(IndexingFixture.SpladeFolder, "model.onnx"), fx.Tokenizer), null));
        Assert.Contains("pre-encoded", e1.Message);

        // A model whose vocabulary differs (one token renamed): refused for indexing and for queries.
        string model = Path.Combine(dir.Path, "other-model");
        Directory.CreateDirectory(model);
        foreach (var f in Directory.GetFiles(IndexingFixture.SpladeFolder))
        {
            var target = Path.Combine(model, Path.GetFileName(f));
            if (Path.GetFileName(f) == "tokenizer.json") File.WriteAllText(target, File.ReadAllText(f).Replace("\"[unused0]\"", "\"[unused0x]\""));
            else File.CreateSymbolicLink(target, f);
        }
        var otherTokenizer = SparseSearch.Text.WordPieceTokenizer.FromFile(model);
        Assert.NotEqual(fx.Tokenizer.VocabularyChecksum, otherTokenizer.VocabularyChecksum);
        var e2 = Assert.Throws<ModelMismatchException>(() => ModelCompatibility.RequireQueryVocabulary(schema, otherTokenizer, "other-model"));
        Assert.Contains("another vocabulary", e2.Message);
        ModelCompatibility.RequireQueryVocabulary(schema, fx.Tokenizer, "splade-tiny"); // the right one passes

        var e3 = Assert.Throws<ModelMismatchException>(() => fx.Run(new IndexingRequest { PreEncoded = pre, IndexDirectory = index, SparseModel = model }));
        Assert.Contains("other-model", e3.Message);
        Assert.Equal(1, IndexCommand(corpus, index, "--sparse-model", model));
        Assert.Equal(1, Cli("index", "--corpus", corpus, "--index", index, "--sparse-model", IndexingFixture.SpladeFolder));
    }

    private static int IndexCommand(string corpus, string index, params string[] more) =>
        Cli(["index", "--corpus", corpus, "--index", index, "--sparse-model", IndexingFixture.SpladeFolder, .. more]);
}
