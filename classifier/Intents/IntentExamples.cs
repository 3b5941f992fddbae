namespace HelpdeskBot.Classifier.Intents;

/// <summary>One labelled utterance from the classifier's data files.</summary>
internal sealed record IntentExample(string Intent, string Language, string Text);

/// <summary>
/// The labelled utterances shipped in the assembly: <c>Data/train.tsv</c> trains the model, <c>Data/test.tsv</c> is a
/// held-out split that is only ever used to measure it. Columns: <c>intent&lt;TAB&gt;language&lt;TAB&gt;text</c>, with a header row.
/// </summary>
internal static class IntentExamples
{
    private static readonly Lazy<IReadOnlyList<IntentExample>> TrainingSplit = new(() => Load("train.tsv"));
    private static readonly Lazy<IReadOnlyList<IntentExample>> HeldOutSplit = new(() => Load("test.tsv"));

    public static IReadOnlyList<IntentExample> Training => TrainingSplit.Value;

    public static IReadOnlyList<IntentExample> HeldOut => HeldOutSplit.Value;

    private static IReadOnlyList<IntentExample> Load(string fileName)
    {
        var resourceName = $"HelpdeskBot.Classifier.Data.{fileName}";
        using var stream = typeof(IntentExamples).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{resourceName}' is missing from the classifier assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader, fileName);
    }

    internal static IReadOnlyList<IntentExample> Parse(TextReader reader, string sourceName)
    {
        var header = reader.ReadLine();
        if (header?.TrimEnd('\r') != "intent\tlanguage\ttext")
        {
            throw new InvalidDataException($"{sourceName}: the first line must be the header 'intent<TAB>language<TAB>text'.");
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

            examples.Add(new IntentExample(columns[0].Trim(), columns[1].Trim(), columns[2].Trim()));
        }

        return examples;
    }
}
