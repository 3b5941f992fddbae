using System.Text;
using System.Text.Json;
using HelpdeskBot.Classifier.Intents;

namespace HelpdeskBot.Classifier.Benchmarks;

/// <summary>
/// The public data sets beside the repository (<c>shared/data</c>): found from <c>--data &lt;dir&gt;</c>, the
/// <c>HELPDESKBOT_SHARED_DATA</c> variable, or by walking up from the working directory and from the program's own
/// folder until a <c>shared/data</c> (or a <c>../shared/data</c> beside a repository root) turns up.
/// </summary>
internal static class SharedData
{
    public const string EnvironmentVariable = "HELPDESKBOT_SHARED_DATA";

    public static string Locate(string? argument)
    {
        foreach (var candidate in Candidates(argument))
        {
            if (Directory.Exists(Path.Combine(candidate, "clinc150")) || Directory.Exists(Path.Combine(candidate, "banking77")))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new DirectoryNotFoundException(
            $"Cannot find shared/data: pass --data <dir> or set {EnvironmentVariable} to the folder holding clinc150/ and banking77/.");
    }

    private static IEnumerable<string> Candidates(string? argument)
    {
        if (!string.IsNullOrWhiteSpace(argument))
        {
            yield return argument;
            yield break;
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            yield return fromEnvironment;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                yield return Path.Combine(directory.FullName, "shared", "data");
            }
        }
    }

    /// <summary>CLINC150 (Larson et al. 2019): the six splits of a <c>data_*.json</c> file as labelled examples.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<IntentExample>> Clinc150(string dataDirectory, string file = "data_full.json")
    {
        using var stream = File.OpenRead(Path.Combine(dataDirectory, "clinc150", file));
        using var json = JsonDocument.Parse(stream);
        var splits = new Dictionary<string, IReadOnlyList<IntentExample>>();
        foreach (var split in json.RootElement.EnumerateObject())
        {
            splits[split.Name] =
            [
                .. split.Value.EnumerateArray().Select(pair => new IntentExample(
                    // CLINC150 calls out-of-scope "oos" too.
                    Intent: pair[1].GetString()!,
                    Language: "en",
                    Text: pair[0].GetString()!)),
            ];
        }

        return splits;
    }

    /// <summary>BANKING77 (Casanueva et al. 2020): <c>train.csv</c> or <c>test.csv</c>, header <c>text,category</c>.</summary>
    public static IReadOnlyList<IntentExample> Banking77(string dataDirectory, string split)
    {
        var rows = ReadCsv(File.ReadAllText(Path.Combine(dataDirectory, "banking77", $"{split}.csv")));
        if (rows.Count == 0 || rows[0] is not ["text", "category"])
        {
            throw new InvalidDataException($"banking77/{split}.csv: expected the header 'text,category'.");
        }

        return [.. rows.Skip(1).Where(r => r.Count == 2).Select(r => new IntentExample(r[1], "en", r[0]))];
    }

    /// <summary>xSID 0.7: <c>xsid_id/{language}.{split}.conll</c>, one "# text = …" and "# intent = …" header per utterance.</summary>
    public static IReadOnlyList<IntentExample> XSid(string dataDirectory, string language, string split)
    {
        var examples = new List<IntentExample>();
        string? text = null;
        foreach (var line in File.ReadLines(Path.Combine(dataDirectory, "xsid_id", $"{language}.{split}.conll")))
        {
            if (line.StartsWith("# text = ", StringComparison.Ordinal))
            {
                text = line["# text = ".Length..];
            }
            else if (line.StartsWith("# intent = ", StringComparison.Ordinal) && text is not null)
            {
                examples.Add(new IntentExample(line["# intent = ".Length..].Trim(), language, text));
                text = null;
            }
        }

        return examples.Count > 0 ? examples : throw new InvalidDataException($"xsid_id/{language}.{split}.conll holds no utterances.");
    }

    // RFC 4180: quoted fields may hold commas, doubled quotes and line breaks (a few BANKING77 texts do).
    private static List<List<string>> ReadCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
