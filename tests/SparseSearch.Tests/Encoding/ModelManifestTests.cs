using SparseSearch.Encoding;
using Xunit;

namespace SparseSearch.Tests.Encoding;

public class ModelManifestTests
{
    private const string Inputs = "\"inputs\": [\"input_ids\", \"attention_mask\", \"token_type_ids\"]";

    [Fact]
    public void ShippedManifestsLoad()
    {
        var splade = ModelManifest.Load(Path.Combine(TestPaths.Models, "splade-tiny", "model.json"));
        Assert.Equal(ModelKind.Sparse, splade.Kind);
        Assert.Equal(SparseOutputLayout.PooledWeights, splade.SparseLayout);
        Assert.Equal("sparse_weights", splade.Output);
        Assert.Equal(30522, splade.VocabSize);
        Assert.Equal(512, splade.MaxLength);

        var dense = ModelManifest.Load(Path.Combine(TestPaths.Models, "all-MiniLM-L6-v2", "model.json"));
        Assert.Equal(ModelKind.Dense, dense.Kind);
        Assert.Equal(DenseOutputLayout.Pooled, dense.DenseLayout);
        Assert.True(dense.Normalized);
        Assert.Equal(384, dense.Dimension);
        Assert.Equal(256, dense.MaxLength);
    }

    [Theory]
    [InlineData("in-graph", SparseOutputLayout.PooledWeights)]
    [InlineData("splade-max", SparseOutputLayout.MlmLogits)]
    public void SparseLayoutFollowsPooling(string pooling, SparseOutputLayout layout)
    {
        var m = ModelManifest.Parse($"{{\"kind\": \"sparse\", {Inputs}, \"output\": \"logits\", \"pooling\": \"{pooling}\", \"vocab_size\": 30522, \"max_length\": 512}}", "m.json");
        Assert.Equal(layout, m.SparseLayout);
        Assert.Equal(["logits"], m.OutputNames);
    }

    [Fact]
    public void AnseriniLayoutNamesTwoOutputs()
    {
        var m = ModelManifest.Parse($"{{\"kind\": \"sparse\", \"inputs\": [\"input_ids\"], \"outputs\": {{\"indices\": \"output_idx\", \"weights\": \"output_weights\"}}, \"pooling\": \"index-weights\", \"vocab_size\": 30522, \"max_length\": 512}}", "m.json");
        Assert.Equal(SparseOutputLayout.IndexWeightPairs, m.SparseLayout);
        Assert.Equal(["output_idx", "output_weights"], m.OutputNames);
        Assert.Equal(["input_ids"], m.Inputs);
    }

    [Theory]
    [InlineData("in-graph", DenseOutputLayout.Pooled)]
    [InlineData("cls", DenseOutputLayout.ClsPooling)]
    [InlineData("mean", DenseOutputLayout.MeanPooling)]
    public void DenseLayoutFollowsPooling(string pooling, DenseOutputLayout layout)
    {
        var m = ModelManifest.Parse($"{{\"kind\": \"dense\", {Inputs}, \"output\": \"last_hidden_state\", \"pooling\": \"{pooling}\", \"dimension\": 768, \"max_length\": 512, \"normalized\": true}}", "m.json");
        Assert.Equal(layout, m.DenseLayout);
        Assert.True(m.Normalized);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("{\"kind\": \"sparse\"}", "'inputs' is missing")]
    [InlineData("{\"kind\": \"fuzzy\", \"inputs\": [\"input_ids\"]}", "\"sparse\" or \"dense\"")]
    [InlineData("{\"kind\": \"sparse\", \"inputs\": [\"input_ids\", \"pixels\"], \"output\": \"o\", \"pooling\": \"in-graph\", \"vocab_size\": 5, \"max_length\": 8}", "pixels")]
    [InlineData("{\"kind\": \"sparse\", \"inputs\": [\"attention_mask\"], \"output\": \"o\", \"pooling\": \"in-graph\", \"vocab_size\": 5, \"max_length\": 8}", "input_ids")]
    [InlineData("{\"kind\": \"sparse\", \"inputs\": [\"input_ids\"], \"output\": \"o\", \"pooling\": \"mean\", \"vocab_size\": 5, \"max_length\": 8}", "'pooling' is \"mean\"")]
    [InlineData("{\"kind\": \"sparse\", \"inputs\": [\"input_ids\"], \"pooling\": \"in-graph\", \"vocab_size\": 5, \"max_length\": 8}", "'output' is missing")]
    [InlineData("{\"kind\": \"sparse\", \"inputs\": [\"input_ids\"], \"output\": \"o\", \"pooling\": \"in-graph\", \"max_length\": 8}", "'vocab_size' is missing")]
    [InlineData("{\"kind\": \"dense\", \"inputs\": [\"input_ids\"], \"output\": \"o\", \"pooling\": \"cls\", \"dimension\": 4, \"max_length\": -3}", "'max_length' is -3")]
    [InlineData("{\"kind\": \"sparse\", \"inputs\": [\"input_ids\"], \"pooling\": \"index-weights\", \"vocab_size\": 5, \"max_length\": 8}", "'outputs' is missing")]
    public void BadManifestsNameTheProblem(string json, string expected)
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelManifest.Parse(json, "/models/x/model.json"));
        Assert.Contains("/models/x/model.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MissingManifestFileIsNamed()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "model.json");
        var e = Assert.Throws<ModelFormatException>(() => ModelManifest.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.Path);
    }
}
