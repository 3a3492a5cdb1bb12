namespace SparseSearch.Text;

/// <summary>Everything a <see cref="WordPieceTokenizer"/> is built from, as read from tokenizer.json or vocab.txt.</summary>
internal sealed record TokenizerDefinition(
    string SourcePath,
    string[] Tokens,
    BertNormalizerOptions Normalizer,
    string UnkToken,
    string ContinuationPrefix,
    int MaxInputCharsPerWord,
    IReadOnlyList<(string Content, int Id, bool Special)> AddedTokens,
    int ClsId,
    int SepId);
