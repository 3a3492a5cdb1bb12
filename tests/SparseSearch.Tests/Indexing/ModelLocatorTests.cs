using SparseSearch.Indexing;
using Xunit;

namespace SparseSearch.Tests.Indexing;

public class ModelLocatorTests
{
    [Fact]
    public void DefaultModelIsFoundAboveTheProgramFolder()
    {
        // The test runs from tests/SparseSearch.Tests/bin/Release/net10.0: the checkout's onnx-models/ is found by walking up.
        var found = ModelLocator.Resolve(IndexingRequest.DefaultSparseModel);
        Assert.Equal(Path.GetFullPath(Path.Combine(TestPaths.Models, "splade-tiny")), found);
        Assert.True(File.Exists(Path.Combine(found, "model.onnx")));
    }

    [Fact]
    public void MissingModelNamesThePlacesLookedAt()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => ModelLocator.Resolve("onnx-models/no-such-model"));
        Assert.Contains("no-such-model", e.Message);
        Assert.Contains(ModelLocator.ModelsVariable, e.Message);
        Assert.Throws<DirectoryNotFoundException>(() => ModelLocator.Resolve("/definitely/not/here"));
    }
}
