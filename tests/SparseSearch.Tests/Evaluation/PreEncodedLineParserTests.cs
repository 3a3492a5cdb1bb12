using SparseSearch.Evaluation;
using SparseSearch.Evaluation.PreEncoded;
using Xunit;

namespace SparseSearch.Tests.Evaluation;

public sealed class PreEncodedLineParserTests
{
    private static readonly Dictionary<string, int> Vocab = new(StringComparer.Ordinal) { ["a"] = 10, ["b"] = 3, ["id"] = 5 };

    private static PreEncodedLineError? ErrorOf(string line)
    {
        var lookup = Vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        var parser = new TermIdLineParser((ReadOnlySpan<char> t, out int id) => lookup.TryGetValue(t, out id));
        var good = System.Text.Encoding.UTF8.GetBytes("{\"id\": \"ok\", \"vector\": {\"a\": 1, \"b\": 2}}");
        // One parser serves line after line: nothing of one line (tokens seen, an unknown token) may leak into the next.
        Assert.NotNull(parser.Parse(good, out _));
        Assert.Null(parser.Parse(System.Text.Encoding.UTF8.GetBytes(line), out var error));
        Assert.NotNull(parser.Parse(good, out var after));
        Assert.Null(after);
        return error;
    }

    [Theory]
    [InlineData("{\"id\": \"d\", \"vector\": {\"a\": 1", PreEncodedProblem.MalformedJson, "not valid JSON")]
    [InlineData("[1, 2]", PreEncodedProblem.MalformedJson, "expected a JSON object")]
    [InlineData("{\"vector\": {\"a\": 1}}", PreEncodedProblem.MissingId, "missing \"id\"")]
    [InlineData("{\"id\": \"\", \"vector\": {\"a\": 1}}", PreEncodedProblem.MissingId, "\"id\" is empty")]
    [InlineData("{\"id\": true, \"vector\": {\"a\": 1}}", PreEncodedProblem.BadId, "\"id\" is a JSON True")]
    [InlineData("{\"id\": \"d\", \"contents\": 5, \"vector\": {\"a\": 1}}", PreEncodedProblem.BadContents, "\"contents\" is a JSON Number")]
    [InlineData("{\"id\": \"d\"}", PreEncodedProblem.BadVector, "missing \"vector\"")]
    [InlineData("{\"id\": \"d\", \"vector\": [1]}", PreEncodedProblem.BadVector, "expected an object of token: weight")]
    // A token named "id" with a bad weight is a bad vector (read off the message, it once passed for a missing id).
    [InlineData("{\"id\": \"d\", \"vector\": {\"id\": -1}}", PreEncodedProblem.BadVector, "weight of token \"id\" is -1")]
    [InlineData("{\"id\": \"d\", \"vector\": {\"a\": \"x\"}}", PreEncodedProblem.BadVector, "is a JSON String, expected a number")]
    [InlineData("{\"id\": \"d\", \"vector\": {\"a\": 1, \"b\": 0, \"a\": 2}}", PreEncodedProblem.BadVector, "token \"a\" appears twice")]
    // The whole line is checked before its vocabulary: a malformed line with an unknown token is malformed.
    [InlineData("{\"id\": \"d\", \"vector\": {\"nope\": 1, \"a\": -2}}", PreEncodedProblem.BadVector, "weight of token \"a\" is -2")]
    [InlineData("{\"vector\": {\"a\": 1, \"nope\": 1, \"nada\": 1}, \"id\": \"d\"}", PreEncodedProblem.UnknownToken, "token \"nope\" is not in the model vocabulary")]
    public void EachBadLineHasATypedProblem(string line, PreEncodedProblem problem, string message)
    {
        var error = ErrorOf(line);
        Assert.NotNull(error);
        Assert.Equal(problem, error.Problem);
        Assert.Contains(message, error.Message);
        if (problem == PreEncodedProblem.UnknownToken)
        {
            Assert.Equal("nope", error.Token);
            Assert.Equal("d", error.Id);
        }
    }

    [Fact]
    public void StringAndIdReadersRejectTheSameLinesWithTheSameMessages()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "v.jsonl");
        File.WriteAllText(path,
            "{\"id\": \"d1\", \"contents\": \"c\", \"vector\": {\"b\": 2, \"a\": 0.5}}\n" +
            "{\"id\": \"d2\", \"vector\": {\"a\": -1}}\n" +
            "{\"id\": \"d3\", \"vector\": {\"a\": 1, \"a\": 2}}\n" +
            "\n" +
            "{\"id\": \"d4\", \"vector\": {\"a\": \"x\"}}\n" +
            "{\"id\": \"d5\"}\n" +
            "{\"id\": 7, \"vector\": {\"b\": 1}\n" +
            "{\"id\": \"d1\", \"vector\": {\"b\": 1}}\n" +
            "{\"id\": 8, \"vector\": {\"id\": 1, \"b\": 4}}\n" +
            "{\"id\": \"d9\", \"contents\": [], \"vector\": {}}\n");
        var byString = new List<DataFormatError>();
        var byId = new List<DataFormatError>();
        var strings = PreEncodedReader.ReadAllSparse(path, byString.Add);
        var ids = PreEncodedTermIdReader.Read(path, Vocab, byId.Add).ToList();
        Assert.Equal(new long[] { 2, 3, 5, 6, 7, 8, 10 }, byString.Select(e => e.LineNumber));
        Assert.Equal(byString, byId);
        Assert.Equal(new[] { "d1", "8" }, strings.Select(v => v.Id));
        Assert.Equal(new[] { "d1", "8" }, ids.Select(v => v.Id));
        for (int i = 0; i < ids.Count; i++)
            Assert.Equal(strings[i].ToSparseVector(Vocab).TermIds, ids[i].Vector.TermIds);
        Assert.Equal(new[] { 3, 5 }, ids[1].Vector.TermIds);
        Assert.Equal(new[] { 4f, 1f }, ids[1].Vector.Weights);
    }
}
