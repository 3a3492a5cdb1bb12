namespace SparseSearch.Indexing;

/// <summary>A line-oriented input of documents (a JSONL corpus, or a pre-encoded vector file).</summary>
public interface IDocumentSource
{
    /// <summary>The input file.</summary>
    string Path { get; }

    /// <summary>
    /// Entries in line order, starting after line <paramref name="skipLines"/> (the lines a previous run committed),
    /// read from <paramref name="input"/> (opened on <see cref="Path"/>).
    /// </summary>
    IEnumerable<CorpusEntry> Read(long skipLines, InputProgress input);
}
