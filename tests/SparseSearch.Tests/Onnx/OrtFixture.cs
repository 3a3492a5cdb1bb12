using SparseSearch.Onnx;
using Xunit;

namespace SparseSearch.Tests.Onnx;

/// <summary>One ONNX Runtime environment and one splade-tiny session shared by the binding tests.</summary>
public sealed class OrtFixture : IDisposable
{
    public OrtFixture()
    {
        Environment = OrtEnvironment.Create();
        SpladeModelPath = Path.Combine(TestPaths.Models, "splade-tiny", "model.onnx");
        Splade = Environment.OpenSession(SpladeModelPath, new OnnxSessionOptions { IntraOpThreads = 1 });
    }

    public OrtEnvironment Environment { get; }

    public string SpladeModelPath { get; }

    public OnnxSession Splade { get; }

    public void Dispose()
    {
        Splade.Dispose();
        Environment.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class OrtCollection : ICollectionFixture<OrtFixture>
{
    public const string Name = "ONNX Runtime";
}
