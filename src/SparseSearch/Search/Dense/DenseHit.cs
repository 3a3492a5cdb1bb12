namespace SparseSearch.Search.Dense;

/// <summary>A dense hit: segment ordinal, segment-local doc, similarity (dot product).</summary>
public readonly record struct DenseHit(int Segment, int Doc, float Score);
