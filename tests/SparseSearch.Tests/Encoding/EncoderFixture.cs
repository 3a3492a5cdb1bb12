using SparseSearch.Encoding;
using SparseSearch.Onnx;
using Xunit;

namespace SparseSearch.Tests.Encoding;

/// <summary>The shipped models, loaded once for all encoder tests.</summary>
public sealed class EncoderFixture : IDisposable
{
    public EncoderFixture()
    {
        Environment = OrtEnvironment.Create();
        Splade = SpladeEncoder.Open(Environment, Path.Combine(TestPaths.Models, "splade-tiny"));
        Dense = DenseEncoder.Open(Environment, Path.Combine(TestPaths.Models, "all-MiniLM-L6-v2"));
    }

    public OrtEnvironment Environment { get; }

    public SpecialTokenIds Specials => Splade.SpecialTokens;

    public SpladeEncoder Splade { get; }

    public DenseEncoder Dense { get; }

    public void Dispose()
    {
        Splade.Dispose();
        Dense.Dispose();
        Environment.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EncoderCollection : ICollectionFixture<EncoderFixture>
{
    public const string Name = "Encoders";
}
