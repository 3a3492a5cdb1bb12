namespace SparseSearch.Text;

/// <summary>A tokenizer file that is missing, malformed or asks for something this tokenizer does not support.</summary>
public sealed class TokenizerFormatException : Exception
{
    /// <summary>Creates the error; the message is prefixed with the file path.</summary>
    public TokenizerFormatException(string filePath, string message, Exception? inner = null)
        : base($"{filePath}: {message}", inner)
    {
        FilePath = filePath;
    }

    /// <summary>The tokenizer file at fault.</summary>
    public string FilePath { get; }
}
