using SparseSearch.Server.Security;
using Xunit;

namespace SparseSearch.Server.Tests;

public sealed class ApiKeyStoreTests
{
    [Fact]
    public void Key_file_first_line_is_the_key_and_only_it_matches()
    {
        using var dir = new TempDir("ss-key");
        var file = Path.Combine(dir.Path, "key");
        File.WriteAllText(file, "  s3cret-value \r\nsecond line ignored\n");
        var keys = ApiKeyStore.Load(file, "SPARSESEARCH_TEST_UNSET_VARIABLE");
        Assert.True(keys.HasKey);
        Assert.True(keys.Matches("s3cret-value"));
        Assert.False(keys.Matches("s3cret-valuE"));
        Assert.False(keys.Matches("s3cret-value "));
        Assert.False(keys.Matches(""));
        Assert.False(keys.Matches(new string('x', 10_000)));
        Assert.DoesNotContain("s3cret", keys.Source.Replace(file, ""));
    }

    [Fact]
    public void Missing_or_empty_key_files_are_clear_errors_and_no_key_means_nothing_matches()
    {
        using var dir = new TempDir("ss-key");
        var empty = Path.Combine(dir.Path, "empty");
        File.WriteAllText(empty, "\n");
        Assert.Contains("empty", Assert.Throws<InvalidOperationException>(() => ApiKeyStore.Load(empty, null)).Message);
        var missing = Path.Combine(dir.Path, "missing");
        Assert.Contains(missing, Assert.Throws<InvalidOperationException>(() => ApiKeyStore.Load(missing, null)).Message);
        var none = ApiKeyStore.Load(null, "SPARSESEARCH_TEST_UNSET_VARIABLE");
        Assert.False(none.HasKey);
        Assert.False(none.Matches(""));
        Assert.False(none.Matches("anything"));
    }

    [Fact]
    public void Environment_variable_supplies_the_key_when_no_file_is_given()
    {
        const string name = "SPARSESEARCH_TEST_API_KEY_7F3A";
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            var keys = ApiKeyStore.Load(null, name);
            Assert.True(keys.Matches("from-env"));
            Assert.Contains(name, keys.Source);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
