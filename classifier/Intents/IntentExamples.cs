namespace HelpdeskBot.Classifier.Intents;

/// <summary>One labelled utterance: a row of the classifier's data files (<c>lang&lt;TAB&gt;intent&lt;TAB&gt;text</c>).</summary>
public sealed record IntentExample(string Intent, string Language, string Text);

/// <summary>
/// The labelled utterances shipped in the assembly: <c>Data/train.&lt;lang&gt;.tsv</c> train the model,
/// <c>Data/test.&lt;lang&gt;.tsv</c> are a held-out split that is only ever used to measure it. Columns:
/// <c>lang&lt;TAB&gt;intent&lt;TAB&gt;text</c> with a header row — the format <c>nlu eval --data</c> reads too.
/// </summary>
public static class IntentExamples
{
    private static readonly Lazy<IReadOnlyList<IntentExample>> TrainingSplit = new(() => LoadSplit("train"));
    private static readonly Lazy<IReadOnlyList<IntentExample>> HeldOutSplit = new(() => LoadSplit("test"));

    public static IReadOnlyList<IntentExample> Training => TrainingSplit.Value;

    public static IReadOnlyList<IntentExample> HeldOut => HeldOutSplit.Value;

    public const string Header = "lang\tintent\ttext";

    private static List<IntentExample> LoadSplit(string split)
    {
        var prefix = $"HelpdeskBot.Classifier.Data.{split}.";
        var names = typeof(IntentExamples).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".tsv", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException($"No embedded '{split}' data files in the classifier assembly.");
        }
        return names.SelectMany(Load).ToList();
    }

    private static IReadOnlyList<IntentExample> Load(string resourceName)
    {
        using var stream = typeof(IntentExamples).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{resourceName}' is missing from the classifier assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader, resourceName);
    }

    /// <summary>Reads a data file in the same format, e.g. for <see cref="IntentClassifier.Evaluate"/>.</summary>
    public static IReadOnlyList<IntentExample> ReadTsv(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses <c>lang&lt;TAB&gt;intent&lt;TAB&gt;text</c> rows after that header; <paramref name="sourceName"/> names errors.</summary>
    public static IReadOnlyList<IntentExample> Parse(TextReader reader, string sourceName)
    {
        var header = reader.ReadLine();
        if (header?.TrimEnd('\r') != Header)
        {
            throw new InvalidDataException($"{sourceName}: the first line must be the header 'lang<TAB>intent<TAB>text'.");
        }

        var examples = new List<IntentExample>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            line = line.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length != 3 || columns.Any(string.IsNullOrWhiteSpace))
            {
                throw new InvalidDataException($"{sourceName}:{lineNumber}: expected three non-empty tab-separated columns.");
            }

            examples.Add(new IntentExample(Intent: columns[1].Trim(), Language: columns[0].Trim(), Text: columns[2].Trim()));
        }

        return examples;
    }
}
