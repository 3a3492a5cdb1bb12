namespace SparseSearch.Service;

/// <summary>What an index holds and how the service runs it.</summary>
/// <param name="Documents">Live documents in the searchable snapshot.</param>
/// <param name="DeletedDocuments">Deleted documents not yet merged away.</param>
/// <param name="Segments">Segments in the searchable snapshot.</param>
/// <param name="Generation">Its commit generation.</param>
/// <param name="SizeBytes">Bytes of all files in the index directory.</param>
/// <param name="PendingChanges">Whether writes are waiting for the next refresh.</param>
/// <param name="Models">The index's models.</param>
/// <param name="WritesUnavailable">Why this service refuses document writes (no model to encode with, or not the
/// model that built the index), or null when it takes them.</param>
public sealed record IndexStats(long Documents, long DeletedDocuments, int Segments, long Generation, long SizeBytes, bool PendingChanges, ModelStats Models,
    string? WritesUnavailable = null);

/// <summary>The models an index was built with and which of them this service has loaded.</summary>
/// <param name="SparseModel">Sparse model name recorded in the index.</param>
/// <param name="VocabSize">Sparse vocabulary size.</param>
/// <param name="VocabularyChecksum">Recorded vocabulary checksum, if any.</param>
/// <param name="DenseModel">Dense model name, if the index has a dense field.</param>
/// <param name="DenseDimension">Dense dimension (0 = none).</param>
/// <param name="SparseEncoderLoaded">Whether sparse queries and document encoding are available.</param>
/// <param name="DenseEncoderLoaded">Whether dense queries and dense document encoding are available.</param>
/// <param name="IdfLoaded">Whether inference-free queries with the model's idf are available.</param>
public sealed record ModelStats(string? SparseModel, int VocabSize, string? VocabularyChecksum, string? DenseModel, int DenseDimension,
    bool SparseEncoderLoaded, bool DenseEncoderLoaded, bool IdfLoaded);
