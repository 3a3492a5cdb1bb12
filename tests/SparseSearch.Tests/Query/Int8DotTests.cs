using SparseSearch.Search.Dense;
using Xunit;

namespace SparseSearch.Tests.Query;

public sealed class Int8DotTests
{
    [Theory]
    [InlineData(384)]
    [InlineData(31)]
    [InlineData(100)]
    public void SimdDotEqualsScalarAndApproximatesFloat(int dim)
    {
        var rnd = new Random(dim);
        for (int trial = 0; trial < 20; trial++)
        {
            var a = new float[dim];
            var b = new float[dim];
            // Vectors dominated by a negative component: the scale must come from the magnitude, not the sign.
            for (int i = 0; i < dim; i++) { a[i] = (float)rnd.NextDouble() - 0.5f; b[i] = (float)rnd.NextDouble() - 0.5f; }
            a[trial % dim] = -3f;
            var qa = new sbyte[dim];
            var qb = new sbyte[dim];
            float sa = Int8VectorSet.Quantize(a, qa), sb = Int8VectorSet.Quantize(b, qb);
            int scalar = 0;
            for (int i = 0; i < dim; i++) scalar += qa[i] * qb[i];
            Assert.Equal(scalar, Int8Dot.Dot(qa, qb));
            float exact = System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(a) * System.Numerics.Tensors.TensorPrimitives.Norm(b);
            Assert.True(MathF.Abs(scalar * sa * sb - exact) < 0.02f * norm, $"int8 {scalar * sa * sb} vs float {exact}");
        }
    }
}
