using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Indexing;
using SparseSearch.Search.Query;
using SparseSearch.Text;

namespace SparseSearch.Service;

/// <summary>Creates an empty index for a sparse model (and optionally a dense one), ready for a service to fill.</summary>
public static class IndexCreation
{
    /// <summary>
    /// Default impact step for live SPLADE encoding: weight 4.0 maps to impact 255. A service cannot see its future
    /// documents, and the writer would otherwise fix the scale from its first flush (often one small batch); SPLADE
    /// weights are log(1 + relu) and stay below 4 for the shipped model (SciFact's largest is 2.70), so this keeps a
    /// 1.5× headroom at a resolution of 0.016 per impact unit. Heavier weights saturate and are counted by the writer.
    /// </summary>
    public const float DefaultImpactScale = 4f / 255f;

    /// <summary>
    /// Creates <paramref name="directory"/> as an empty index whose schema is the models' (vocabulary size and checksum,
    /// dense dimension) and whose first commit records the model folders so the service finds them again.
    /// </summary>
    /// <exception cref="IOException">The directory already holds an index.</exception>
    public static void Create(string directory, string sparseModelFolder, string? denseModelFolder = null, float impactScale = DefaultImpactScale)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(sparseModelFolder);
        var sparseManifest = ModelManifest.Load(Path.Combine(sparseModelFolder, ModelManifest.FileName));
        if (sparseManifest.Kind != ModelKind.Sparse)
            throw new ModelFormatException(sparseModelFolder, $"{sparseModelFolder} is not a sparse model (model.json kind is {sparseManifest.Kind}).");
        var tokenizer = WordPieceTokenizer.FromFile(Path.Combine(sparseModelFolder, sparseManifest.TokenizerFile));
        int denseDim = 0;
        string? denseName = null;
        if (denseModelFolder is not null)
        {
            var denseManifest = ModelManifest.Load(Path.Combine(denseModelFolder, ModelManifest.FileName));
            if (denseManifest.Kind != ModelKind.Dense)
                throw new ModelFormatException(denseModelFolder, $"{denseModelFolder} is not a dense model (model.json kind is {denseManifest.Kind}).");
            denseDim = denseManifest.Dimension;
            denseName = FolderName(denseModelFolder);
        }
        var schema = new IndexSchema
        {
            VocabSize = tokenizer.VocabSize,
            SparseModel = FolderName(sparseModelFolder),
            SparseModelChecksum = tokenizer.VocabularyChecksum,
            DenseDimension = denseDim,
            DenseModel = denseName,
            ImpactScale = impactScale,
        };
        var userData = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ModelPaths.SparseModelKey] = Path.GetFullPath(sparseModelFolder),
        };
        if (denseModelFolder is not null)
            userData[ModelPaths.DenseModelKey] = Path.GetFullPath(denseModelFolder);
        // The same identity record as the bulk indexer's, so either may add to an index the other created.
        var sparseId = ModelIdentity.OfModel(schema.SparseModel!, Path.Combine(sparseModelFolder, sparseManifest.OnnxFile), tokenizer);
        ModelIdentity? denseId = null;
        if (denseModelFolder is not null)
        {
            var denseManifest = ModelManifest.Load(Path.Combine(denseModelFolder, ModelManifest.FileName));
            var denseTokenizer = WordPieceTokenizer.FromFile(Path.Combine(denseModelFolder, denseManifest.TokenizerFile));
            denseId = ModelIdentity.OfModel(denseName!, Path.Combine(denseModelFolder, denseManifest.OnnxFile), denseTokenizer);
        }
        ModelCompatibility.Record(sparseId, denseId, userData);
        using var writer = IndexWriter.Create(directory, schema);
        writer.Commit(userData);
    }

    /// <summary>Whether <paramref name="directory"/> holds an index (a commit file).</summary>
    public static bool Exists(string directory)
    {
        if (!Directory.Exists(directory)) return false;
        try
        {
            IndexReader.ReadLatestCommit(directory);
            return true;
        }
        catch (IndexNotFoundException)
        {
            return false;
        }
    }

    private static string FolderName(string folder) => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
}
