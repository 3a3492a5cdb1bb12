using SparseSearch.Encoding;
using SparseSearch.Encoding.Bm25;

namespace SparseSearch.Indexing;

/// <summary>
/// The indexable fields of one document, filled in by the <see cref="IDocumentFieldBuilder"/>s of a run and turned into
/// an <see cref="Index.IndexDocument"/> by the writer stage.
/// </summary>
public sealed class DocumentFields
{
    /// <summary>Learned sparse vector.</summary>
    public SparseVector? Sparse { get; set; }

    /// <summary>Dense vector, when the index has a dense field.</summary>
    public float[]? Dense { get; set; }

    /// <summary>Analysed BM25 term frequencies (title + text), when a BM25 builder runs. The index engine has no BM25
    /// segment field yet, so the writer stage does not store it; the payload is here so the field can be added without
    /// touching the pipeline.</summary>
    public TermFrequencies? Bm25 { get; set; }

    /// <summary>Whether a model cut the text to its maximum length.</summary>
    public bool Truncated { get; set; }
}

/// <summary>
/// Computes one field for a chunk of documents (a model run, an analyzer pass, or a copy of pre-encoded vectors).
/// The pipeline calls builders one after another on its encode stage; a builder may use several cores inside.
/// </summary>
public interface IDocumentFieldBuilder
{
    /// <summary>Short name for timings and messages ("sparse", "dense", "bm25").</summary>
    string Name { get; }

    /// <summary>Fills <paramref name="fields"/>[i] for <paramref name="documents"/>[i]. Should check
    /// <paramref name="cancellation"/> between model runs so Ctrl-C abandons a chunk quickly.</summary>
    void Build(IReadOnlyList<SourceDocument> documents, DocumentFields[] fields, CancellationToken cancellation);
}
