using SparseSearch.Encoding;

namespace SparseSearch.Indexing;

/// <summary>Encodes title + text with a dense sentence model (tokenizer → <see cref="DenseEncoder"/>).</summary>
public sealed class DenseModelFieldBuilder : IDocumentFieldBuilder
{
    private readonly DenseEncoder _encoder;
    private readonly ModelFieldRunner _runner;

    /// <summary>Uses (does not own) the encoder and its model's tokenizer.</summary>
    public DenseModelFieldBuilder(DenseEncoder encoder)
    {
        _encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        var model = encoder.Model;
        _runner = new ModelFieldRunner(model.Tokenizer, model.MaxLength, ModelFieldRunner.SliceTokens(model.Options.TokenBudget, model.Options.Parallelism));
    }

    /// <inheritdoc />
    public string Name => "dense";

    /// <inheritdoc />
    public void Build(IReadOnlyList<SourceDocument> documents, DocumentFields[] fields, CancellationToken cancellation) =>
        _runner.Run(documents, fields, _encoder.EncodeTokenIds, static (f, e) => { f.Dense = e.Vector; return e.Truncated; }, cancellation);
}
