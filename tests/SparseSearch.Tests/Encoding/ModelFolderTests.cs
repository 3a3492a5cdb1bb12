using SparseSearch.Encoding;
using Xunit;

namespace SparseSearch.Tests.Encoding;

/// <summary>Model folders with something missing or wrong, built in temp folders around the shipped splade-tiny files.</summary>
[Collection(EncoderCollection.Name)]
public class ModelFolderTests(EncoderFixture fixture)
{
    private static readonly string Splade = Path.Combine(TestPaths.Models, "splade-tiny");

    private static TempDir FolderWith(string? manifest, bool onnx = true, bool tokenizer = true)
    {
        var dir = TestPaths.NewTempDir("ss-model");
        if (manifest is not null) File.WriteAllText(Path.Combine(dir.Path, "model.json"), manifest);
        if (onnx) File.CreateSymbolicLink(Path.Combine(dir.Path, "model.onnx"), Path.Combine(Splade, "model.onnx"));
        if (tokenizer) File.CreateSymbolicLink(Path.Combine(dir.Path, "tokenizer.json"), Path.Combine(Splade, "tokenizer.json"));
        return dir;
    }

    private static string SpladeManifest => File.ReadAllText(Path.Combine(Splade, "model.json"));

    [Fact]
    public void MissingFolder()
    {
        var e = Assert.Throws<ModelFormatException>(() => EncoderModel.Open(fixture.Environment, "/nonexistent/model-dir"));
        Assert.Contains("/nonexistent/model-dir", e.Message);
    }

    [Fact]
    public void MissingManifest()
    {
        using var dir = FolderWith(null);
        var e = Assert.Throws<ModelFormatException>(() => EncoderModel.Open(fixture.Environment, dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "model.json"), e.Message);
    }

    [Fact]
    public void CorruptManifest()
    {
        using var dir = FolderWith("{ \"kind\": \"sparse\", ");
        var e = Assert.Throws<ModelFormatException>(() => EncoderModel.Open(fixture.Environment, dir.Path));
        Assert.Contains("model.json is not valid JSON", e.Message);
    }

    [Fact]
    public void MissingOnnxFile()
    {
        using var dir = FolderWith(SpladeManifest, onnx: false);
        var e = Assert.Throws<ModelFormatException>(() => EncoderModel.Open(fixture.Environment, dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "model.onnx"), e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void MissingTokenizer()
    {
        using var dir = FolderWith(SpladeManifest, tokenizer: false);
        var e = Assert.Throws<ModelFormatException>(() => EncoderModel.Open(fixture.Environment, dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "tokenizer.json"), e.Message);
    }

    [Fact]
    public void CorruptOnnxFile()
    {
        using var dir = FolderWith(SpladeManifest, onnx: false);
        File.WriteAllText(Path.Combine(dir.Path, "model.onnx"), "this is not a protobuf");
        var e = Assert.Throws<ModelFormatException>(() => EncoderModel.Open(fixture.Environment, dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "model.onnx"), e.Message);
        Assert.Contains("not a loadable ONNX model", e.Message);
    }

    [Fact]
    public void ManifestLayoutThatTheGraphDoesNotHaveListsTheRealSignature()
    {
        // splade-tiny pools in the graph; a manifest claiming MLM logits must be refused at load time.
        using var dir = FolderWith(SpladeManifest.Replace("\"in-graph\"", "\"splade-max\""));
        var e = Assert.Throws<ModelFormatException>(() => EncoderModel.Open(fixture.Environment, dir.Path));
        Assert.Contains("expected Float [batch, sequence, vocab]", e.Message);
        Assert.Contains("sparse_weights: Float[-1,30522]", e.Message);
        Assert.Contains("input_ids: Int64[-1,-1]", e.Message);
    }

    [Fact]
    public void WrongOutputNameAndMissingInputAreBothListed()
    {
        using var dir = FolderWith(SpladeManifest.Replace("\"sparse_weights\"", "\"logits\"").Replace(", \"token_type_ids\"", ""));
        var e = Assert.Throws<ModelFormatException>(() => EncoderModel.Open(fixture.Environment, dir.Path));
        Assert.Contains("output \"logits\" is missing", e.Message);
        Assert.Contains("needs input \"token_type_ids\"", e.Message);
    }

    [Fact]
    public void WrongVocabularySizeIsCaught()
    {
        using var dir = FolderWith(SpladeManifest.Replace("30522", "30000"));
        var e = Assert.Throws<ModelFormatException>(() => EncoderModel.Open(fixture.Environment, dir.Path));
        Assert.Contains("tokenizer.json has 30522 tokens but model.json says vocab_size 30000", e.Message);
    }
}
