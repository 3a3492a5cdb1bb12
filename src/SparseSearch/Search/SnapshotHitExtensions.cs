using SparseSearch.Encoding;
using SparseSearch.Index;

namespace SparseSearch.Search;

/// <summary>Fetches what a hit points at, from the snapshot the search ran on.</summary>
public static class SnapshotHitExtensions
{
    /// <summary>Stored fields (id, title, text, metadata) of the hit's document.</summary>
    public static StoredDocument GetStored(this IndexSnapshot snapshot, SearchHit hit) => snapshot.GetStored(hit.Segment, hit.Doc);

    /// <summary>The hit document's dense vector, or null when it has none.</summary>
    public static float[]? GetDenseVector(this IndexSnapshot snapshot, SearchHit hit) => snapshot.GetDenseVector(hit.Segment, hit.Doc);

    /// <summary>The hit document's indexed sparse vector (dequantised impacts), for explanations and exact re-scoring.</summary>
    public static SparseVector GetForwardVector(this IndexSnapshot snapshot, SearchHit hit) => snapshot.GetForwardVector(hit.Segment, hit.Doc);
}
