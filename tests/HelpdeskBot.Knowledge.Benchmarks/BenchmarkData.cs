using System.Text.Json;

namespace HelpdeskBot.Knowledge.Benchmarks;

/// <summary>A StackFAQ thread (shared/data/stackfaq/threads.jsonl): the FAQ question and its answers.</summary>
internal sealed record StackFaqThread(int Id, string Question, IReadOnlyList<string> Answers);

/// <summary>A crowd-written rephrasing of a thread's question; group a or b (shared/data/stackfaq/README.md).</summary>
internal sealed record StackFaqQuery(string Id, int ThreadId, string Group, string Text);

/// <summary>A question about the seed policies, with the words a right answer must contain (Data/seed-questions.tsv).</summary>
internal sealed record SeedQuestion(string Id, string Language, string Text, IReadOnlyList<string> Expected, string DocumentFile, string Kind);

internal static class BenchmarkData
{
    public static IReadOnlyList<StackFaqThread> StackFaqThreads(string dataDirectory)
    {
        var threads = new List<StackFaqThread>();
        foreach (var line in File.ReadLines(Path.Combine(dataDirectory, "stackfaq", "threads.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            threads.Add(new StackFaqThread(
                root.GetProperty("thread_id").GetInt32(),
                root.GetProperty("question").GetString()!,
                [.. root.GetProperty("answers").EnumerateArray().Select(a => a.GetString()!)]));
        }

        return threads;
    }

    public static IReadOnlyList<StackFaqQuery> StackFaqQueries(string dataDirectory) =>
    [
        .. ReadTsv(Path.Combine(dataDirectory, "stackfaq", "queries.tsv"), ["query_id", "thread_id", "group", "text"])
            .Select(r => new StackFaqQuery(r[0], int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), r[2], r[3])),
    ];

    /// <summary>
    /// Data/seed-questions.tsv (what answer selection was tuned on), or another file of Data/ in the same columns, such as
    /// the held-out seed-questions-heldout.tsv.
    /// </summary>
    public static IReadOnlyList<SeedQuestion> SeedQuestions(string fileName = "seed-questions.tsv") =>
    [
        .. ReadTsv(Path.Combine(AppContext.BaseDirectory, "Data", fileName), ["id", "language", "question", "expected", "document", "kind"])
            .Select(r => new SeedQuestion(r[0], r[1], r[2], r[3].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), r[4], r[5])),
    ];

    private static IEnumerable<string[]> ReadTsv(string path, string[] header)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine()?.Split('\t');
        if (first is null || !first.SequenceEqual(header))
        {
            throw new InvalidDataException($"{path}: expected the header '{string.Join("\\t", header)}'.");
        }

        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != header.Length)
            {
                throw new InvalidDataException($"{path}: '{line}' has {fields.Length} fields, expected {header.Length}.");
            }

            yield return fields;
        }
    }
}
