using SparseSearch.Encoding;

namespace SparseSearch.Indexing;

/// <summary>Encodes title + text with a SPLADE model (tokenizer → <see cref="SpladeEncoder"/>): the learned sparse field.</summary>
public sealed class SparseModelFieldBuilder : IDocumentFieldBuilder
{
    private readonly SpladeEncoder _encoder;
    private readonly ModelFieldRunner _runner;

    /// <summary>Uses (does not own) the encoder and its model's tokenizer.</summary>
    public SparseModelFieldBuilder(SpladeEncoder encoder)
    {
        _encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        var model = encoder.Model;
        _runner = new ModelFieldRunner(model.Tokenizer, model.MaxLength, ModelFieldRunner.SliceTokens(model.Options.TokenBudget, model.Options.Parallelism));
    }

    /// <inheritdoc />
    public string Name => "sparse";

    /// <inheritdoc />
    public void Build(IReadOnlyList<SourceDocument> documents, DocumentFields[] fields, CancellationToken cancellation) =>
        _runner.Run(documents, fields, _encoder.EncodeTokenIds, static (f, e) => { f.Sparse = e.Vector; return e.Truncated; }, cancellation);
}
