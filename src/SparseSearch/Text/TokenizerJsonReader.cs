using System.Text.Json;

namespace SparseSearch.Text;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> of the BERT WordPiece family: model WordPiece, normalizer
/// BertNormalizer (or none), pre-tokenizer BertPreTokenizer, post-processor TemplateProcessing
/// <c>[CLS] $A [SEP]</c> or BertProcessing. Anything else is refused with an error naming the file and the setting.
/// The file's truncation and padding settings are ignored: callers pass the maximum length to
/// <see cref="WordPieceTokenizer.Encode"/> (the model manifest knows it) and padding belongs to batching.
/// </summary>
internal static class TokenizerJsonReader
{
    public static TokenizerDefinition Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new TokenizerFormatException(path, "cannot be read: " + e.Message, e);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(path, $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new TokenizerFormatException(path, "expected a JSON object at the top level (a Hugging Face tokenizer.json).");
            var reader = new Context(path);
            return reader.ReadRoot(root);
        }
    }

    private sealed class Context(string path)
    {
        private TokenizerFormatException Error(string message) => new(path, message);

        public TokenizerDefinition ReadRoot(JsonElement root)
        {
            if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
                throw Error("has no \"model\" object (expected a Hugging Face tokenizer.json with a WordPiece model).");
            string modelType = OptionalString(model, "type", "model") ?? "WordPiece";
            if (modelType != "WordPiece")
                throw Error($"model.type is \"{modelType}\"; only WordPiece is supported.");
            string unk = RequiredString(model, "unk_token", "model");
            string prefix = OptionalString(model, "continuing_subword_prefix", "model") ?? "##";
            int maxChars = OptionalInt(model, "max_input_chars_per_word", "model") ?? 100;
            if (maxChars <= 0) throw Error($"model.max_input_chars_per_word is {maxChars}; expected a positive number.");
            string[] tokens = ReadVocab(model);
            var ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
            for (int i = 0; i < tokens.Length; i++) ids[tokens[i]] = i;
            if (!ids.ContainsKey(unk)) throw Error($"model.unk_token \"{unk}\" is not in model.vocab.");

            var normalizer = ReadNormalizer(root);
            ReadPreTokenizer(root);
            var added = ReadAddedTokens(root, tokens);
            var (cls, sep) = ReadPostProcessor(root, ids);
            return new TokenizerDefinition(path, tokens, normalizer, unk, prefix, maxChars, added, cls, sep);
        }

        private string[] ReadVocab(JsonElement model)
        {
            if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
                throw Error("model.vocab is missing or not an object (expected token → id).");
            var list = new List<(string Token, int Id)>();
            foreach (var p in vocab.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out int id) || id < 0)
                    throw Error($"model.vocab[\"{p.Name}\"] is {p.Value.GetRawText()}; expected a non-negative integer id.");
                list.Add((p.Name, id));
            }
            if (list.Count == 0) throw Error("model.vocab is empty.");
            var tokens = new string[list.Count];
            foreach (var (token, id) in list)
            {
                if (id >= tokens.Length)
                    throw Error($"model.vocab[\"{token}\"] has id {id} but the vocabulary has {tokens.Length} tokens; ids must be 0..{tokens.Length - 1}.");
                if (tokens[id] is not null)
                    throw Error($"model.vocab gives id {id} to both \"{tokens[id]}\" and \"{token}\".");
                tokens[id] = token;
            }
            return tokens;
        }

        private BertNormalizerOptions ReadNormalizer(JsonElement root)
        {
            if (!root.TryGetProperty("normalizer", out var n) || n.ValueKind == JsonValueKind.Null)
                return BertNormalizerOptions.None;
            if (n.ValueKind != JsonValueKind.Object) throw Error("normalizer must be an object or null.");
            string type = RequiredString(n, "type", "normalizer");
            if (type != "BertNormalizer")
                throw Error($"normalizer.type is \"{type}\"; only BertNormalizer (or no normalizer) is supported.");
            bool clean = OptionalBool(n, "clean_text", "normalizer") ?? true;
            bool chinese = OptionalBool(n, "handle_chinese_chars", "normalizer") ?? true;
            bool lower = OptionalBool(n, "lowercase", "normalizer") ?? true;
            // tokenizers: strip_accents = None means "follow lowercase".
            bool strip = OptionalBool(n, "strip_accents", "normalizer") ?? lower;
            return new BertNormalizerOptions(clean, chinese, strip, lower);
        }

        private void ReadPreTokenizer(JsonElement root)
        {
            if (!root.TryGetProperty("pre_tokenizer", out var p) || p.ValueKind != JsonValueKind.Object)
                throw Error("pre_tokenizer is missing or null; only BertPreTokenizer is supported.");
            string type = RequiredString(p, "type", "pre_tokenizer");
            if (type != "BertPreTokenizer")
                throw Error($"pre_tokenizer.type is \"{type}\"; only BertPreTokenizer is supported.");
        }

        private List<(string, int, bool)> ReadAddedTokens(JsonElement root, string[] tokens)
        {
            var result = new List<(string, int, bool)>();
            if (!root.TryGetProperty("added_tokens", out var arr) || arr.ValueKind == JsonValueKind.Null) return result;
            if (arr.ValueKind != JsonValueKind.Array) throw Error("added_tokens must be an array.");
            int index = 0;
            foreach (var t in arr.EnumerateArray())
            {
                string where = $"added_tokens[{index++}]";
                if (t.ValueKind != JsonValueKind.Object) throw Error($"{where} must be an object.");
                string content = RequiredString(t, "content", where);
                int id = OptionalInt(t, "id", where) ?? throw Error($"{where} has no \"id\".");
                if (content.Length == 0) throw Error($"{where} has empty content.");
                if (id < 0 || id >= tokens.Length || tokens[id] != content)
                    throw Error($"{where} (\"{content}\", id {id}) is not the vocabulary's token of that id; only added tokens inside the vocabulary are supported.");
                foreach (string flag in (string[])["single_word", "lstrip", "rstrip", "normalized"])
                    if (OptionalBool(t, flag, where) == true)
                        throw Error($"{where} (\"{content}\") has {flag}: true, which is not supported (only false).");
                result.Add((content, id, OptionalBool(t, "special", where) ?? false));
            }
            return result;
        }

        private (int Cls, int Sep) ReadPostProcessor(JsonElement root, Dictionary<string, int> ids)
        {
            if (!root.TryGetProperty("post_processor", out var p) || p.ValueKind != JsonValueKind.Object)
                throw Error("post_processor is missing or null; expected TemplateProcessing \"[CLS] $A [SEP]\" or BertProcessing.");
            string type = RequiredString(p, "type", "post_processor");
            if (type == "BertProcessing")
                return (ReadPair(p, "cls", ids), ReadPair(p, "sep", ids));
            if (type != "TemplateProcessing")
                throw Error($"post_processor.type is \"{type}\"; only TemplateProcessing and BertProcessing are supported.");
            if (!p.TryGetProperty("single", out var single) || single.ValueKind != JsonValueKind.Array || single.GetArrayLength() != 3)
                throw Error("post_processor.single must be [SpecialToken, Sequence A, SpecialToken] (\"[CLS] $A [SEP]\").");
            var items = single.EnumerateArray().ToArray();
            if (!items[1].TryGetProperty("Sequence", out var seq) || RequiredString(seq, "id", "post_processor.single[1].Sequence") != "A")
                throw Error("post_processor.single[1] must be the sequence A.");
            return (TemplateSpecial(p, items[0], 0, ids), TemplateSpecial(p, items[2], 2, ids));
        }

        private int TemplateSpecial(JsonElement processor, JsonElement item, int index, Dictionary<string, int> ids)
        {
            string where = $"post_processor.single[{index}]";
            if (!item.TryGetProperty("SpecialToken", out var special))
                throw Error($"{where} must be a SpecialToken.");
            string name = RequiredString(special, "id", where + ".SpecialToken");
            if (processor.TryGetProperty("special_tokens", out var map) && map.ValueKind == JsonValueKind.Object
                && map.TryGetProperty(name, out var entry) && entry.TryGetProperty("ids", out var idArray)
                && idArray.ValueKind == JsonValueKind.Array)
            {
                if (idArray.GetArrayLength() != 1 || !idArray[0].TryGetInt32(out int id))
                    throw Error($"post_processor.special_tokens[\"{name}\"].ids must hold exactly one id.");
                if (id < 0 || id >= ids.Count) throw Error($"post_processor.special_tokens[\"{name}\"] has id {id}, outside the vocabulary.");
                return id;
            }
            return ids.TryGetValue(name, out int byName) ? byName : throw Error($"{where}: special token \"{name}\" is neither in post_processor.special_tokens nor in the vocabulary.");
        }

        private int ReadPair(JsonElement p, string name, Dictionary<string, int> ids)
        {
            if (!p.TryGetProperty(name, out var pair) || pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                || pair[0].ValueKind != JsonValueKind.String || !pair[1].TryGetInt32(out int id))
                throw Error($"post_processor.{name} must be [token, id].");
            if (id < 0 || id >= ids.Count) throw Error($"post_processor.{name} has id {id}, outside the vocabulary.");
            return id;
        }

        private string RequiredString(JsonElement obj, string name, string where) =>
            OptionalString(obj, name, where) ?? throw Error($"{where}.{name} is missing (expected a string).");

        private string? OptionalString(JsonElement obj, string name, string where)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error($"{where}.{name} is {v.GetRawText()}; expected a string.");
        }

        private int? OptionalInt(JsonElement obj, string name, string where)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw Error($"{where}.{name} is {v.GetRawText()}; expected an integer.");
        }

        private bool? OptionalBool(JsonElement obj, string name, string where)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error($"{where}.{name} is {v.GetRawText()}; expected true, false or null."),
            };
        }
    }
}
