using SparseSearch.Encoding;
using SparseSearch.Tests.Onnx;
using Xunit;

namespace SparseSearch.Tests.Encoding;

/// <summary>
/// The output layouts the shipped models do not use, run through real ONNX Runtime sessions on tiny hand-written
/// graphs whose outputs are known in closed form: the token ids shifted by <see cref="Shift"/> (so that padding,
/// id 0, would show up as term 1000 if it leaked through the attention mask).
/// </summary>
[Collection(EncoderCollection.Name)]
public class OutputLayoutTests(EncoderFixture fixture)
{
    private const long Shift = 1000;
    private const int Vocab = 30522;
    private static readonly string[] Inputs = ["input_ids", "attention_mask", "token_type_ids"];

    private static TempDir ModelFolder(byte[] onnx, string manifest)
    {
        var dir = TestPaths.NewTempDir("ss-layout");
        File.WriteAllBytes(Path.Combine(dir.Path, "model.onnx"), onnx);
        File.WriteAllText(Path.Combine(dir.Path, "model.json"), manifest);
        File.CreateSymbolicLink(Path.Combine(dir.Path, "tokenizer.json"), Path.Combine(TestPaths.Models, "splade-tiny", "tokenizer.json"));
        return dir;
    }

    private static OnnxGraphWriter WithInputs()
    {
        var g = new OnnxGraphWriter();
        foreach (var name in Inputs) g.Input(name, OnnxGraphWriter.Int64, "batch", "sequence");
        return g;
    }

    // Texts of different lengths, so that batches carry padding.
    private static readonly string[] Texts = ["hello world", "a much longer text about cells and proteins and genes", "", "genes genes genes"];

    [Fact]
    public void MlmLogitsArePooledInCSharp()
    {
        // logits = OneHot(input_ids + 1000, depth 30522, values [-1, 2]) : [B, S, V]
        var onnx = WithInputs()
            .Constant("shift", [], [Shift]).Constant("depth", [], [(long)Vocab]).Constant("values", [2], [-1f, 2f])
            .Node("Add", ["input_ids", "shift"], ["shifted"])
            .Node("OneHot", ["shifted", "depth", "values"], ["logits"], ("axis", -1))
            .Output("logits", OnnxGraphWriter.Float, "batch", "sequence", Vocab.ToString())
            .ToModel();
        using var dir = ModelFolder(onnx, $"{{\"kind\": \"sparse\", \"inputs\": [\"input_ids\", \"attention_mask\", \"token_type_ids\"], \"output\": \"logits\", \"pooling\": \"splade-max\", \"vocab_size\": {Vocab}, \"max_length\": 512}}");
        using var encoder = SpladeEncoder.Open(fixture.Environment, dir.Path, new EncoderOptions { MaxBatchSize = 4 });
        var results = encoder.Encode(Texts);
        for (int i = 0; i < Texts.Length; i++)
        {
            var ids = encoder.Model.Tokenizer.Encode(Texts[i]).Ids;
            var expected = ids.Select(id => id + (int)Shift).Distinct().Order().ToArray();
            Assert.Equal(expected, results[i].Vector.TermIds);
            Assert.All(results[i].Vector.Weights, w => Assert.Equal(MathF.Log(3f), w, 6));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public void IndexWeightPairsBecomeVectors(int rank)
    {
        // output_idx = input_ids + 1000, output_weights = float(input_ids) / 1000, both [B, S] (or flattened to [N]).
        var g = WithInputs()
            .Constant("shift", [], [Shift]).Constant("scale", [], [1f / 1000])
            .Node("Add", ["input_ids", "shift"], [rank == 2 ? "output_idx" : "idx2"])
            .Node("Cast", ["input_ids"], ["idsf"], ("to", OnnxGraphWriter.Float))
            .Node("Mul", ["idsf", "scale"], [rank == 2 ? "output_weights" : "w2"]);
        if (rank == 1)
        {
            g.Constant("flat", [1], [-1L])
             .Node("Reshape", ["idx2", "flat"], ["output_idx"])
             .Node("Reshape", ["w2", "flat"], ["output_weights"])
             .Output("output_idx", OnnxGraphWriter.Int64, "n").Output("output_weights", OnnxGraphWriter.Float, "n");
        }
        else
        {
            g.Output("output_idx", OnnxGraphWriter.Int64, "batch", "sequence").Output("output_weights", OnnxGraphWriter.Float, "batch", "sequence");
        }
        using var dir = ModelFolder(g.ToModel(), $"{{\"kind\": \"sparse\", \"inputs\": [\"input_ids\", \"attention_mask\", \"token_type_ids\"], \"outputs\": {{\"indices\": \"output_idx\", \"weights\": \"output_weights\"}}, \"pooling\": \"index-weights\", \"vocab_size\": {Vocab}, \"max_length\": 512}}");
        using var encoder = SpladeEncoder.Open(fixture.Environment, dir.Path);
        var results = encoder.Encode(Texts);
        for (int i = 0; i < Texts.Length; i++)
        {
            var ids = encoder.Model.Tokenizer.Encode(Texts[i]).Ids;
            var expected = ids.Distinct().Order().ToArray();
            Assert.Equal(expected.Select(id => id + (int)Shift), results[i].Vector.TermIds);
            Assert.Equal(expected.Select(id => id * (1f / 1000)), results[i].Vector.Weights);
        }
    }

    [Theory]
    [InlineData("cls")]
    [InlineData("mean")]
    public void TokenStatesArePooledAndNormalised(string pooling)
    {
        // last_hidden_state[b, s] = [input_ids[b, s], 1000] : [B, S, 2]
        var onnx = WithInputs()
            .Constant("axes", [1], [2L]).Constant("pick", [2], [1f, 0f]).Constant("bias", [2], [0f, 1000f])
            .Node("Cast", ["input_ids"], ["idsf"], ("to", OnnxGraphWriter.Float))
            .Node("Unsqueeze", ["idsf", "axes"], ["ids3"])
            .Node("Mul", ["ids3", "pick"], ["scaled"])
            .Node("Add", ["scaled", "bias"], ["last_hidden_state"])
            .Output("last_hidden_state", OnnxGraphWriter.Float, "batch", "sequence", "2")
            .ToModel();
        using var dir = ModelFolder(onnx, $"{{\"kind\": \"dense\", \"inputs\": [\"input_ids\", \"attention_mask\", \"token_type_ids\"], \"output\": \"last_hidden_state\", \"pooling\": \"{pooling}\", \"normalized\": true, \"dimension\": 2, \"max_length\": 512}}");
        using var encoder = DenseEncoder.Open(fixture.Environment, dir.Path, new EncoderOptions { MaxBatchSize = 4 });
        var results = encoder.Encode(Texts);
        for (int i = 0; i < Texts.Length; i++)
        {
            var ids = encoder.Model.Tokenizer.Encode(Texts[i]).Ids;
            double x = pooling == "cls" ? ids[0] : ids.Average(id => (double)id);
            double norm = Math.Sqrt(x * x + 1000.0 * 1000.0);
            Assert.Equal(x / norm, results[i].Vector[0], 5);
            Assert.Equal(1000 / norm, results[i].Vector[1], 5);
        }
    }
}
