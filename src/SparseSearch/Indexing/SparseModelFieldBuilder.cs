using SparseSearch.Encoding;
using SparseSearch.Text;

namespace SparseSearch.Indexing;

/// <summary>Encodes title + text with a SPLADE model (tokenizer → <see cref="SpladeEncoder"/>): the learned sparse field.</summary>
public sealed class SparseModelFieldBuilder : IDocumentFieldBuilder
{
    private readonly WordPieceTokenizer _tokenizer;
    private readonly SpladeEncoder _encoder;
    private readonly long _tokensPerSlice;

    /// <summary>Uses (does not own) the encoder and its model's tokenizer.</summary>
    public SparseModelFieldBuilder(SpladeEncoder encoder)
    {
        _encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        _tokenizer = encoder.Model.Tokenizer;
        // A few encoder batches per call: enough to fill its parallel runs, short enough for a prompt Ctrl-C.
        _tokensPerSlice = (long)encoder.Model.Options.TokenBudget * Math.Max(2, encoder.Model.Options.Parallelism * 2);
    }

    /// <inheritdoc />
    public string Name => "sparse";

    /// <inheritdoc />
    public void Build(IReadOnlyList<SourceDocument> documents, DocumentFields[] fields, CancellationToken cancellation)
    {
        var texts = new string[documents.Count];
        for (int i = 0; i < texts.Length; i++) texts[i] = documents[i].FullText;
        var tokenized = _tokenizer.EncodeBatch(texts, _encoder.Model.MaxLength);
        var sequences = new int[tokenized.Length][];
        for (int i = 0; i < sequences.Length; i++) sequences[i] = tokenized[i].Ids;
        foreach (var slice in ModelRunSlices.Plan(sequences, _tokensPerSlice))
        {
            cancellation.ThrowIfCancellationRequested();
            var input = new int[slice.Length][];
            for (int k = 0; k < slice.Length; k++) input[k] = sequences[slice[k]];
            var encodings = _encoder.EncodeTokenIds(input);
            for (int k = 0; k < slice.Length; k++)
            {
                var f = fields[slice[k]];
                f.Sparse = encodings[k].Vector;
                f.Truncated |= tokenized[slice[k]].Truncated || encodings[k].Truncated;
            }
        }
    }
}
