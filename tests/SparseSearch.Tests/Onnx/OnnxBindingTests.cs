using SparseSearch.Onnx;
using SparseSearch.Tests.Encoding;
using Xunit;

namespace SparseSearch.Tests.Onnx;

[Collection(OrtCollection.Name)]
public class OnnxBindingTests(OrtFixture fixture)
{
    private readonly OrtEnvironment _env = fixture.Environment;

    [Fact]
    public void ReportsTheInstalledVersion()
    {
        Assert.Equal("1.30.0", _env.Version);
        Assert.EndsWith("libonnxruntime.so.1", _env.LibraryPath);
    }

    [Theory]
    [InlineData(OrtErrorCode.InvalidArgument, "bad argument: ünïcödé")]
    [InlineData(OrtErrorCode.NoSuchFile, "missing")]
    [InlineData(OrtErrorCode.EpFail, "ep")]
    public void StatusRoundTripKeepsCodeAndMessage(OrtErrorCode code, string message)
    {
        var e = _env.RoundTripStatus(code, message);
        Assert.Equal(code, e.ErrorCode);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void SessionDescribesInputsAndOutputs()
    {
        var s = fixture.Splade;
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], s.Inputs.Select(i => i.Name));
        Assert.All(s.Inputs, i => { Assert.Equal(TensorElementType.Int64, i.ElementType); Assert.Equal(2, i.Rank); });
        var output = Assert.Single(s.Outputs);
        Assert.Equal("sparse_weights", output.Name);
        Assert.Equal(TensorElementType.Float, output.ElementType);
        Assert.Equal(2, output.Rank);
        Assert.Equal(30522, output.Shape[1]);
    }

    [Fact]
    public void DenseModelSignature()
    {
        using var session = _env.OpenSession(Path.Combine(TestPaths.Models, "all-MiniLM-L6-v2", "model.onnx"));
        Assert.Contains(session.Outputs, o => o.Name == "sentence_embedding" && o.ElementType == TensorElementType.Float && o.Rank == 2);
    }

    [Fact]
    public void SpladeReproducesGoldenWeights()
    {
        // One text at a time, unpadded, as the reference ran them: every eighth golden text (edge cases, documents,
        // queries) keeps this quick; the encoder tests cover all 288 through batching.
        foreach (var g in GoldenFiles.Splade.Where((_, i) => i % 8 == 0))
        {
            var weights = RunOne(fixture.Splade, g.InputIds);
            for (int term = 0; term < weights.Length; term++)
            {
                g.Weights.TryGetValue(term, out float expected);
                if (MathF.Abs(weights[term] - expected) > 1e-4f)
                    Assert.Fail($"{g.Id}: term {term} weight {weights[term]} vs golden {expected}");
            }
        }
    }

    [Fact]
    public void OutputReportsShapeAndType()
    {
        long[] ids = [101, 7592, 2088, 102, 101, 2088, 102, 0];
        long[] mask = [1, 1, 1, 1, 1, 1, 1, 0];
        long[] types = new long[8];
        using var result = fixture.Splade.Run(
            [OnnxTensorInput.Int64("input_ids", ids, 2, 4), OnnxTensorInput.Int64("attention_mask", mask, 2, 4), OnnxTensorInput.Int64("token_type_ids", types, 2, 4)],
            ["sparse_weights"]);
        var output = result["sparse_weights"];
        Assert.Equal(TensorElementType.Float, output.ElementType);
        Assert.Equal([2L, 30522L], output.Shape);
        Assert.Equal(2 * 30522, output.AsFloats().Length);
        Assert.Throws<InvalidOperationException>(() => output.AsInt64s().Length);
    }

    [Fact]
    public void MissingModelFileIsReportedWithItsPath()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N") + ".onnx");
        var e = Assert.Throws<OnnxRuntimeException>(() => _env.OpenSession(path));
        Assert.Contains(path, e.Message);
        Assert.NotEqual(OrtErrorCode.Ok, e.ErrorCode);
    }

    [Fact]
    public void CorruptModelFileIsAnOrtError()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "model.onnx");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var e = Assert.Throws<OnnxRuntimeException>(() => _env.OpenSession(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void WrongInputNameIsReportedByOrt()
    {
        long[] ids = [101, 102];
        var e = Assert.Throws<OnnxRuntimeException>(() => fixture.Splade.Run(
            [OnnxTensorInput.Int64("input_idz", ids, 1, 2), OnnxTensorInput.Int64("attention_mask", ids, 1, 2), OnnxTensorInput.Int64("token_type_ids", ids, 1, 2)],
            ["sparse_weights"]));
        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
        Assert.Contains("input_idz", e.Message);
    }

    [Fact]
    public void WrongElementTypeIsReportedByOrt()
    {
        long[] ids = [101, 102];
        float[] wrong = [101f, 102f];
        var e = Assert.Throws<OnnxRuntimeException>(() => fixture.Splade.Run(
            [OnnxTensorInput.Float("input_ids", wrong, 1, 2), OnnxTensorInput.Int64("attention_mask", ids, 1, 2), OnnxTensorInput.Int64("token_type_ids", ids, 1, 2)],
            ["sparse_weights"]));
        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
        Assert.Contains("tensor(float)", e.Message);
        Assert.Contains("tensor(int64)", e.Message);
    }

    [Fact]
    public void UnknownOutputNameIsReportedByOrt()
    {
        long[] ids = [101, 102], mask = [1, 1], types = [0, 0];
        var e = Assert.Throws<OnnxRuntimeException>(() => fixture.Splade.Run(
            [OnnxTensorInput.Int64("input_ids", ids, 1, 2), OnnxTensorInput.Int64("attention_mask", mask, 1, 2), OnnxTensorInput.Int64("token_type_ids", types, 1, 2)],
            ["logits"]));
        Assert.Contains("logits", e.Message);
    }

    [Fact]
    public void ShapeMismatchIsCaughtBeforeOrt() =>
        Assert.Throws<ArgumentException>(() => OnnxTensorInput.Int64("input_ids", new long[3], 1, 2));

    [Fact]
    public void ConcurrentRunsOnOneSessionAgree()
    {
        var golden = GoldenFiles.Splade.Where(g => g.InputIds.Length is > 20 and < 120).Take(8).ToArray();
        var expected = golden.Select(g => RunOne(fixture.Splade, g.InputIds)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (int round = 0; round < 3; round++)
                for (int i = 0; i < golden.Length; i++)
                {
                    int k = (i + t) % golden.Length;
                    if (!RunOne(fixture.Splade, golden[k].InputIds).AsSpan().SequenceEqual(expected[k]))
                        failures.Add($"thread {t} text {golden[k].Id}");
                }
        })).ToArray();
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();
        Assert.Empty(failures);
    }

    [Fact]
    public void DisposedSessionRefusesRunAndDisposeTwiceIsSafe()
    {
        var session = _env.OpenSession(fixture.SpladeModelPath);
        Assert.Equal(30522, RunOne(session, [101, 2088, 102]).Length);
        session.Dispose();
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => RunOne(session, [101, 102]));
    }

    [Fact]
    public void EnvironmentDisposedBeforeItsSessionStaysUsableForThatSession()
    {
        var env = OrtEnvironment.Create();
        using var session = env.OpenSession(fixture.SpladeModelPath);
        env.Dispose();
        env.Dispose();
        // The session holds its own reference on the environment; only new work through the environment is refused.
        Assert.Equal(30522, RunOne(session, [101, 2088, 102]).Length);
        Assert.Throws<ObjectDisposedException>(() => env.OpenSession(fixture.SpladeModelPath));
    }

    [Fact]
    public void ResultDisposeTwiceIsSafeAndSpansAreRefusedAfterwards()
    {
        long[] ids = [101, 102], mask = [1, 1], types = [0, 0];
        var result = fixture.Splade.Run(
            [OnnxTensorInput.Int64("input_ids", ids, 1, 2), OnnxTensorInput.Int64("attention_mask", mask, 1, 2), OnnxTensorInput.Int64("token_type_ids", types, 1, 2)],
            ["sparse_weights"]);
        var output = result[0];
        result.Dispose();
        result.Dispose();
        Assert.Throws<ObjectDisposedException>(() => output.AsFloats().Length);
    }

    [Fact]
    public void ExplicitMissingLibraryPathNamesTheFileAndTheSetupScript()
    {
        var e = Assert.Throws<OnnxRuntimeException>(() => OrtEnvironment.Create(new OrtEnvironmentOptions { LibraryPath = "/nonexistent/libonnxruntime.so.1" }));
        Assert.Contains("/nonexistent/libonnxruntime.so.1", e.Message);
        Assert.Contains("scripts/setup.sh", e.Message);
    }

    [Fact]
    public void NotFoundAnywhereListsEveryPlaceAndTheSetupCommand()
    {
        using var dir = TestPaths.NewTempDir();
        var start = Directory.CreateDirectory(Path.Combine(dir.Path, "app", "bin")).FullName;
        var e = Assert.Throws<OnnxRuntimeException>(() =>
            OrtLibraryLocator.Load(null, null, start, ["libsparsesearch-no-such-runtime.so.1"]));
        Assert.Equal(OrtErrorCode.NoSuchFile, e.ErrorCode);
        Assert.Contains("$SPARSESEARCH_ORT_LIBRARY (not set)", e.Message);
        Assert.Contains(Path.Combine(start, ".deps", "onnxruntime", "libonnxruntime.so.1") + " (absent)", e.Message);
        Assert.Contains(Path.Combine(dir.Path, "app", ".deps", "onnxruntime", "libonnxruntime.so.1") + " (absent)", e.Message);
        Assert.Contains("/.deps/onnxruntime/libonnxruntime.so.1 (absent)", e.Message);
        Assert.Contains("system loader: libsparsesearch-no-such-runtime.so.1 (not found)", e.Message);
        Assert.Contains("bash scripts/setup.sh", e.Message);
    }

    [Fact]
    public void EnvironmentVariablePathThatDoesNotExistIsNamed()
    {
        var e = Assert.Throws<OnnxRuntimeException>(() =>
            OrtLibraryLocator.Load(null, "/nonexistent/dir/libonnxruntime.so.1", AppContext.BaseDirectory, []));
        Assert.Contains("/nonexistent/dir/libonnxruntime.so.1", e.Message);
        Assert.Contains("$SPARSESEARCH_ORT_LIBRARY", e.Message);
    }

    [Fact]
    public void SetupScriptLocationIsFoundByWalkingUp()
    {
        var (handle, path) = OrtLibraryLocator.Load(null, null, AppContext.BaseDirectory, []);
        Assert.NotEqual(IntPtr.Zero, handle);
        Assert.Equal(Path.Combine(TestPaths.RepoRoot, ".deps", "onnxruntime", "libonnxruntime.so.1"), path);
    }

    [Fact]
    public void NonOrtLibraryIsRejected()
    {
        var libc = new[] { "/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6" }.FirstOrDefault(File.Exists);
        Assert.NotNull(libc);
        var e = Assert.Throws<OnnxRuntimeException>(() => OrtEnvironment.Create(new OrtEnvironmentOptions { LibraryPath = libc }));
        Assert.Contains("OrtGetApiBase", e.Message);
    }

    internal static float[] RunOne(OnnxSession session, int[] inputIds)
    {
        int n = inputIds.Length;
        var ids = inputIds.Select(i => (long)i).ToArray();
        var mask = Enumerable.Repeat(1L, n).ToArray();
        var types = new long[n];
        using var result = session.Run(
            [OnnxTensorInput.Int64("input_ids", ids, 1, n), OnnxTensorInput.Int64("attention_mask", mask, 1, n), OnnxTensorInput.Int64("token_type_ids", types, 1, n)],
            ["sparse_weights"]);
        return result[0].AsFloats().ToArray();
    }
}
