using SparseSearch.Onnx;
using SparseSearch.Text;

namespace SparseSearch.Encoding;

/// <summary>
/// A model folder opened for inference: its manifest, its ONNX session (checked against the manifest) and the
/// paths of its tokenizer and optional idf file. The encoders build on this; it owns the session.
/// </summary>
public sealed class EncoderModel : IDisposable
{
    private EncoderModel(string folder, ModelManifest manifest, OnnxSession session, WordPieceTokenizer tokenizer, EncoderOptions options)
    {
        Folder = folder;
        Manifest = manifest;
        Session = session;
        Tokenizer = tokenizer;
        SpecialTokens = SpecialTokenIds.FromTokenizer(tokenizer);
        Options = options;
    }

    /// <summary>The model folder (full path).</summary>
    public string Folder { get; }

    /// <summary>The folder's model.json.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The ONNX session, shared by all runs.</summary>
    public OnnxSession Session { get; }

    /// <summary>The model's tokenizer (from the folder's tokenizer.json).</summary>
    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>The tokenizer's special tokens.</summary>
    public SpecialTokenIds SpecialTokens { get; }

    /// <summary>Batching and pruning settings.</summary>
    public EncoderOptions Options { get; }

    /// <summary>Full path of the tokenizer file.</summary>
    public string TokenizerPath => Path.Combine(Folder, Manifest.TokenizerFile);

    /// <summary>Full path of the idf file the manifest names, if any.</summary>
    public string? IdfPath => Manifest.IdfFile is null ? null : Path.Combine(Folder, Manifest.IdfFile);

    /// <summary>Effective maximum tokens per text.</summary>
    public int MaxLength => Options.MaxLength == 0 ? Manifest.MaxLength : Math.Min(Options.MaxLength, Manifest.MaxLength);

    /// <summary>
    /// Opens <paramref name="folder"/>: reads model.json, loads the tokenizer, loads the ONNX graph and checks its inputs
    /// and outputs against the manifest.
    /// </summary>
    /// <exception cref="ModelFormatException">A file is missing or does not match the manifest (the message names it).</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime itself is missing or failed.</exception>
    public static EncoderModel Open(OrtEnvironment environment, string folder, EncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        options ??= new EncoderOptions();
        options.Validate();
        string full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
            throw new ModelFormatException(full, $"Model folder {full} does not exist (expected {ModelManifest.FileName}, the ONNX graph and tokenizer.json in it).");
        var manifest = ModelManifest.Load(Path.Combine(full, ModelManifest.FileName));

        string onnxPath = Path.Combine(full, manifest.OnnxFile);
        if (!File.Exists(onnxPath))
            throw new ModelFormatException(onnxPath, $"{onnxPath} not found: model.json names \"{manifest.OnnxFile}\" as the ONNX graph.");
        string tokenizerPath = Path.Combine(full, manifest.TokenizerFile);
        if (!File.Exists(tokenizerPath))
            throw new ModelFormatException(tokenizerPath, $"{tokenizerPath} not found: model.json names \"{manifest.TokenizerFile}\" as the Hugging Face tokenizer.json.");
        WordPieceTokenizer tokenizer;
        try
        {
            tokenizer = WordPieceTokenizer.FromFile(tokenizerPath);
        }
        catch (TokenizerFormatException e)
        {
            throw new ModelFormatException(tokenizerPath, $"{tokenizerPath} is not a usable WordPiece tokenizer: {e.Message}", e);
        }
        if (manifest.Kind == ModelKind.Sparse && tokenizer.VocabSize != manifest.VocabSize)
            throw new ModelFormatException(tokenizerPath,
                $"{tokenizerPath} has {tokenizer.VocabSize} tokens but model.json says vocab_size {manifest.VocabSize}: term ids would not line up.");
        if (manifest.IdfFile is not null && !File.Exists(Path.Combine(full, manifest.IdfFile)))
            throw new ModelFormatException(Path.Combine(full, manifest.IdfFile), $"{Path.Combine(full, manifest.IdfFile)} not found: model.json names it as the idf file.");

        OnnxSession session;
        try
        {
            session = environment.OpenSession(onnxPath, new OnnxSessionOptions { IntraOpThreads = options.IntraOpThreads });
        }
        catch (OnnxRuntimeException e) when (e.ErrorCode is OrtErrorCode.InvalidProtobuf or OrtErrorCode.NoSuchFile or OrtErrorCode.InvalidGraph or OrtErrorCode.Fail)
        {
            throw new ModelFormatException(onnxPath, $"{onnxPath} is not a loadable ONNX model: {e.Message}", e);
        }
        try
        {
            ModelSignatureCheck.Validate(manifest, session.Inputs, session.Outputs, onnxPath);
            return new EncoderModel(full, manifest, session, tokenizer, options);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Releases the session.</summary>
    public void Dispose() => Session.Dispose();
}
