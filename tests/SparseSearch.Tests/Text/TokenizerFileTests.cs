using System.Text.Json.Nodes;
using SparseSearch.Text;
using Xunit;

namespace SparseSearch.Tests.Text;

/// <summary>Loading: supported settings are honoured, anything else fails with an error naming the file.</summary>
public sealed class TokenizerFileTests
{
    private static readonly string[] TinyVocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "cafe", "café", "Café", "CAFE", "hello", "Hello", "##s", ".", "ca", "##fe"];

    /// <summary>A small, valid tokenizer.json in the layout of the shipped models.</summary>
    private static JsonObject TinyJson(JsonNode? normalizer)
    {
        var vocab = new JsonObject();
        for (int i = 0; i < TinyVocab.Length; i++) vocab[TinyVocab[i]] = i;
        var added = new JsonArray();
        foreach (var (token, id) in new[] { ("[PAD]", 0), ("[UNK]", 1), ("[CLS]", 2), ("[SEP]", 3), ("[MASK]", 4) })
            added.Add(new JsonObject { ["id"] = id, ["content"] = token, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["special"] = true });
        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = normalizer,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "BertPreTokenizer" },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = JsonNode.Parse("""[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}]"""),
                ["special_tokens"] = JsonNode.Parse("""{"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]}}"""),
            },
            ["model"] = new JsonObject { ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["continuing_subword_prefix"] = "##", ["max_input_chars_per_word"] = 100, ["vocab"] = vocab },
        };
    }

    private static JsonObject Bert(bool lowercase, bool? strip) => new()
    {
        ["type"] = "BertNormalizer", ["clean_text"] = true, ["handle_chinese_chars"] = true, ["strip_accents"] = strip, ["lowercase"] = lowercase,
    };

    private static string Tokens(WordPieceTokenizer t, string text) => string.Join(" ", t.Encode(text).Ids[1..^1].Select(t.GetToken));

    private static WordPieceTokenizer Load(TempDir dir, JsonObject json, string name = "tokenizer.json")
    {
        string path = Path.Combine(dir.Path, name);
        File.WriteAllText(path, json.ToJsonString());
        return WordPieceTokenizer.FromFile(path);
    }

    private static void AssertRejected(JsonObject json, string expectedInMessage)
    {
        using var dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir.Path, "tokenizer.json");
        File.WriteAllText(path, json.ToJsonString());
        var e = Assert.Throws<TokenizerFormatException>(() => WordPieceTokenizer.FromFile(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        Assert.Contains(expectedInMessage, e.Message);
    }

    [Fact]
    public void NormalizerSettingsComeFromTheFile()
    {
        using var dir = TestPaths.NewTempDir();
        // strip_accents null follows lowercase, as in tokenizers.
        Assert.Equal("cafe . hello", Tokens(Load(dir, TinyJson(Bert(lowercase: true, strip: null))), "Café. Hello"));
        Assert.Equal("café . hello", Tokens(Load(dir, TinyJson(Bert(lowercase: true, strip: false))), "Café. Hello"));
        Assert.Equal("Café . Hello", Tokens(Load(dir, TinyJson(Bert(lowercase: false, strip: null))), "Café. Hello"));
        Assert.Equal("CAFE", Tokens(Load(dir, TinyJson(Bert(lowercase: false, strip: true))), "CAFÉ"));
        var none = Load(dir, TinyJson(null));
        Assert.Equal(BertNormalizerOptions.None, none.Normalizer);
        Assert.Equal("Café [UNK]", Tokens(none, "Café HELLO"));
    }

    [Fact]
    public void ContinuationPrefixAndUnknownComeFromTheFile()
    {
        using var dir = TestPaths.NewTempDir();
        var tokenizer = Load(dir, TinyJson(Bert(true, null)));
        Assert.Equal((0, 1, 2, 3, 4), (tokenizer.PadId, tokenizer.UnkId, tokenizer.ClsId, tokenizer.SepId, tokenizer.MaskId));
        Assert.Equal("cafe ##s [UNK]", Tokens(tokenizer, "cafes xyz"));
        Assert.Equal(15, tokenizer.VocabSize);

        var json = TinyJson(Bert(true, null));
        var vocab = json["model"]!["vocab"]!.AsObject();
        vocab.Remove("##s");
        vocab.Remove("##fe");
        vocab["@@s"] = 11;
        vocab["@@fe"] = 14;
        json["model"]!["continuing_subword_prefix"] = "@@";
        var custom = Load(dir, json);
        Assert.Equal("cafe @@s cafe @@fe", Tokens(custom, "cafes cafefe"));
    }

    [Fact]
    public void BertProcessingAndTemplatesWithoutIdTablesAreRead()
    {
        using var dir = TestPaths.NewTempDir();
        var json = TinyJson(Bert(true, null));
        // Swapped on purpose: the ids must come from the file, not from the token names.
        json["post_processor"] = JsonNode.Parse("""{"type":"BertProcessing","sep":["[SEP]",2],"cls":["[CLS]",3],"trim_offsets":true,"add_prefix_space":false}""");
        var bert = Load(dir, json);
        Assert.Equal((3, 2), (bert.ClsId, bert.SepId));
        Assert.Equal([3, 9, 2], bert.Encode("hello").Ids);

        json = TinyJson(Bert(true, null));
        json["post_processor"]!.AsObject().Remove("special_tokens");
        var template = Load(dir, json);
        Assert.Equal([2, 9, 3], template.Encode("hello").Ids);

        json = TinyJson(Bert(true, null));
        json["post_processor"]!["single"]![1] = JsonNode.Parse("""{"Sequence":{"id":"B","type_id":0}}""");
        AssertRejected(json, "post_processor.single[1] must be the sequence A");
    }

    [Fact]
    public void NonSpecialAddedTokensAreSplitOutButNotSpecial()
    {
        using var dir = TestPaths.NewTempDir();
        var json = TinyJson(Bert(true, null));
        json["added_tokens"]!.AsArray().Add(new JsonObject { ["id"] = 10, ["content"] = "Hello", ["normalized"] = false, ["special"] = false });
        var tokenizer = Load(dir, json);
        // Matched on the raw text before lowercasing, even inside a word.
        Assert.Equal("cafe Hello . hello", Tokens(tokenizer, "cafeHello. HELLO"));
        Assert.False(tokenizer.IsSpecialId(10));
        Assert.True(tokenizer.IsSpecialId(4));
    }

    [Fact]
    public void FolderAndExtensionlessFilesAreFound()
    {
        using var dir = TestPaths.NewTempDir();
        Load(dir, TinyJson(Bert(true, null)));
        Assert.Equal(15, WordPieceTokenizer.FromFile(dir.Path).VocabSize);
        Assert.Equal(15, Load(dir, TinyJson(Bert(true, null)), "tokenizer").VocabSize);
        var bert = WordPieceTokenizer.FromFile(Path.Combine(TestPaths.Shared, "models", "bert-base-uncased"));
        Assert.Equal(30522, bert.VocabSize);
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "tokenizer.json");
        var e = Assert.Throws<FileNotFoundException>(() => WordPieceTokenizer.FromFile(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void MalformedJsonNamesTheFileAndLine()
    {
        using var dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir.Path, "tokenizer.json");
        File.WriteAllText(path, "{\n  \"model\": {\n    \"vocab\": { \"a\": 0,, }\n");
        var e = Assert.Throws<TokenizerFormatException>(() => WordPieceTokenizer.FromFile(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("not valid JSON (line 3", e.Message);
    }

    [Fact]
    public void UnsupportedOrInconsistentSettingsAreRefused()
    {
        var json = TinyJson(new JsonObject { ["type"] = "Lowercase" });
        AssertRejected(json, "normalizer.type is \"Lowercase\"");

        json = TinyJson(Bert(true, null));
        json["model"]!["type"] = "BPE";
        AssertRejected(json, "model.type is \"BPE\"");

        json = TinyJson(Bert(true, null));
        json["pre_tokenizer"] = new JsonObject { ["type"] = "Whitespace" };
        AssertRejected(json, "pre_tokenizer.type is \"Whitespace\"");

        json = TinyJson(Bert(true, null));
        json["post_processor"] = null;
        AssertRejected(json, "post_processor is missing");

        json = TinyJson(Bert(true, null));
        json["model"]!["vocab"]!["hello"] = 40;
        AssertRejected(json, "model.vocab[\"hello\"] has id 40");

        json = TinyJson(Bert(true, null));
        json["model"]!["vocab"]!["hello"] = 5;
        AssertRejected(json, "gives id 5 to both");

        json = TinyJson(Bert(true, null));
        json["model"]!["unk_token"] = "<unk>";
        AssertRejected(json, "model.unk_token \"<unk>\" is not in model.vocab");

        json = TinyJson(Bert(true, null));
        json["added_tokens"]![2]!["normalized"] = true;
        AssertRejected(json, "has normalized: true");

        json = TinyJson(Bert(true, null));
        json["normalizer"]!["lowercase"] = "yes";
        AssertRejected(json, "normalizer.lowercase is \"yes\"");

        json = TinyJson(Bert(true, null));
        json.Remove("model");
        AssertRejected(json, "has no \"model\" object");
    }

    [Fact]
    public void VocabTxtCasingFollowsTheVocabulary()
    {
        using var dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir.Path, "vocab.txt");
        File.WriteAllLines(path, TinyVocab);
        var cased = WordPieceTokenizer.FromFile(path);
        Assert.Equal(BertNormalizerOptions.Cased, cased.Normalizer);
        Assert.Equal("Café Hello", Tokens(cased, "Café Hello"));
        var forced = WordPieceTokenizer.FromVocabFile(path, BertNormalizerOptions.Uncased);
        Assert.Equal("cafe hello", Tokens(forced, "Café Hello"));
        Assert.Equal(BertNormalizerOptions.Uncased, WordPieceTokenizer.FromFile(Path.Combine(TestPaths.Shared, "models", "bert-base-uncased", "vocab.txt")).Normalizer);
    }

    [Fact]
    public void BadVocabTxtNamesFileAndLine()
    {
        using var dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir.Path, "vocab.txt");
        File.WriteAllLines(path, [.. TinyVocab, "hello"]);
        var e = Assert.Throws<TokenizerFormatException>(() => WordPieceTokenizer.FromFile(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 16: token \"hello\" already appears on line 10", e.Message);

        File.WriteAllLines(path, TinyVocab.Where(t => t != "[MASK]"));
        e = Assert.Throws<TokenizerFormatException>(() => WordPieceTokenizer.FromFile(path));
        Assert.Contains("no [MASK] token", e.Message);

        File.WriteAllText(path, "");
        e = Assert.Throws<TokenizerFormatException>(() => WordPieceTokenizer.FromFile(path));
        Assert.Contains("empty", e.Message);
    }
}
