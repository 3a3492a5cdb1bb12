using System.Security.Cryptography;

namespace SparseSearch.Server.Security;

/// <summary>
/// The server's API key, kept only as its SHA-256 (the key itself is never stored in a field, logged or echoed).
/// Comparing fixed-length digests with <see cref="CryptographicOperations.FixedTimeEquals"/> takes the same time
/// whatever the presented key is, its length included.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly byte[]? _digest;

    private ApiKeyStore(byte[]? digest) => _digest = digest;

    /// <summary>Whether a key is configured (without one, writes are refused).</summary>
    public bool HasKey => _digest is not null;

    /// <summary>Where the key came from, for the startup log (never the key).</summary>
    public string Source { get; private init; } = "none";

    /// <summary>A store holding <paramref name="key"/> (tests and the load benchmark).</summary>
    public static ApiKeyStore FromKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new ApiKeyStore(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))) { Source = "given" };
    }

    /// <summary>
    /// Reads the key from <paramref name="file"/> (its first line, trimmed) when given, else from the environment
    /// variable; no key at all gives a store that refuses every write.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file is missing, unreadable or empty.</exception>
    public static ApiKeyStore Load(string? file, string? environmentVariable)
    {
        if (!string.IsNullOrEmpty(file))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"Cannot read the API key file {file}: {e.Message}", e);
            }
            var key = FirstLine(text);
            if (key.Length == 0)
                throw new InvalidOperationException($"The API key file {file} is empty; put the key on its first line.");
            return new ApiKeyStore(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))) { Source = $"file {file}" };
        }
        if (!string.IsNullOrEmpty(environmentVariable) && Environment.GetEnvironmentVariable(environmentVariable) is { } env && FirstLine(env).Length > 0)
            return new ApiKeyStore(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(FirstLine(env)))) { Source = $"environment variable {environmentVariable}" };
        return new ApiKeyStore(null);
    }

    /// <summary>Whether <paramref name="presented"/> is the key (constant time).</summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        if (_digest is null) return false;
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(presented.ToArray());
        SHA256.HashData(utf8, digest);
        CryptographicOperations.ZeroMemory(utf8);
        return CryptographicOperations.FixedTimeEquals(digest, _digest);
    }

    private static string FirstLine(string text)
    {
        int nl = text.IndexOfAny(['\r', '\n']);
        return (nl < 0 ? text : text[..nl]).Trim();
    }
}
