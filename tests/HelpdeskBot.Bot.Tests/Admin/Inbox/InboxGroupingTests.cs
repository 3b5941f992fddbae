using System.Globalization;
using System.Text.Json;
using HelpdeskBot.Bot.Admin.Inbox;
using HelpdeskBot.Classifier.Intents;
using Xunit.Abstractions;

namespace HelpdeskBot.Bot.Tests.Admin.Inbox;

/// <summary>
/// The inbox's grouping on real MiniLM embeddings: what the threshold buys (pairs of utterances that share a group and
/// share an intent), measured on the classifier's held-out split and, where the public data sets are beside the
/// repository, on CLINC150.
/// </summary>
public sealed class InboxGroupingTests(ITestOutputHelper output)
{
    private static readonly Lazy<MiniLmSentenceEmbedder> Embedder = new(() => new MiniLmSentenceEmbedder());

    [Fact]
    public void Threshold_keeps_groups_to_one_question()
    {
        // Out-of-scope utterances are about anything: each counts as its own question.
        var heldOut = IntentExamples.HeldOut
            .Select((e, i) => (Label: e.Intent == IntentNames.OutOfScope ? "oos#" + i : e.Intent, e.Text, e.Language))
            .ToList();
        var english = Sweep("classifier held-out, English", [.. heldOut.Where(h => h.Language == "en").Select(h => (h.Label, h.Text))]);
        var indonesian = Sweep("classifier held-out, Indonesian", [.. heldOut.Where(h => h.Language == "id").Select(h => (h.Label, h.Text))]);

        // Precision: of the pairs the inbox puts together, how many are one question. Recall: of one question's pairs,
        // how many it puts together. English groups must be mostly one question…
        var chosen = english.Single(s => s.Threshold == InboxGrouping.EnglishThreshold);
        Assert.True(chosen.Precision >= 0.75, $"pairwise precision {chosen.Precision:P1} at {InboxGrouping.EnglishThreshold}");
        // …and still gather a real share of each question (a threshold of 1 would give precision 1 and nothing grouped)…
        Assert.True(chosen.Recall >= 0.10, $"pairwise recall {chosen.Recall:P1} at {InboxGrouping.EnglishThreshold}");
        // …and lower thresholds must mix questions more, or the measurement could not tell.
        Assert.True(english[0].Precision < chosen.Precision - 0.1);
        // The English-only embedding cannot tell Indonesian questions apart: there, groups stay near-duplicates.
        Assert.True(indonesian.Single(s => s.Threshold == InboxGrouping.OtherLanguageThreshold).Largest <= 5);

        if (Clinc150() is { } clinc)
        {
            var measured = Sweep("CLINC150 test (30 intents x 30, 100 oos)", clinc).Single(s => s.Threshold == InboxGrouping.EnglishThreshold);
            Assert.True(measured.Precision >= 0.9, $"CLINC150 pairwise precision {measured.Precision:P1}");
        }
    }

    [Fact]
    public void Same_items_give_the_same_groups_in_any_input_order_and_items_without_embedding_stand_alone()
    {
        string[] texts = ["where is my parcel", "my package has not arrived", "how do I reset my password", "I forgot my password", "parcel not delivered yet"];
        var vectors = Embedder.Value.EmbedBatch(texts);
        var at = new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc);
        var members = texts.Select((t, i) => new InboxGrouping.Member<string>(t, vectors[i], at.AddMinutes(i), i + 1))
            .Append(new InboxGrouping.Member<string>("no vector", [], at, 99))
            .ToList();

        var forward = InboxGrouping.Group(members);
        var backward = InboxGrouping.Group(Enumerable.Reverse(members));
        var indonesian = InboxGrouping.Group(members.Select(m => m with { Language = "id" }).Append(members[0] with { Id = 100 }));

        Assert.Equal(forward.Select(g => string.Join("|", g)), backward.Select(g => string.Join("|", g)));
        Assert.Contains(forward, g => g.SequenceEqual(["my package has not arrived", "parcel not delivered yet"]));
        Assert.Contains(forward, g => g.SequenceEqual(["how do I reset my password", "I forgot my password"]));
        Assert.Contains(forward, g => g.SequenceEqual(["no vector"]));
        // Languages never share a group: the same question in English stays apart from the "Indonesian" copies.
        Assert.Contains(indonesian, g => g.SequenceEqual(["where is my parcel"]));
    }

    private sealed record Point(float Threshold, double Precision, double Recall, int Groups, int Largest);

    private List<Point> Sweep(string name, List<(string Label, string Text)> data)
    {
        var vectors = Embedder.Value.EmbedBatch([.. data.Select(d => d.Text)]);
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var members = data.Select((d, i) => new InboxGrouping.Member<int>(i, vectors[i], at, i)).ToList();
        var points = new List<Point>();
        output.WriteLine($"{name}: {data.Count} utterances");
        foreach (var threshold in new[] { 0.40f, 0.45f, 0.50f, 0.55f, 0.60f, 0.65f, 0.70f, 0.75f, 0.80f })
        {
            var groups = InboxGrouping.Group(members, threshold);
            var groupOf = new int[data.Count];
            for (var g = 0; g < groups.Count; g++)
            {
                foreach (var i in groups[g])
                {
                    groupOf[i] = g;
                }
            }

            long together = 0, togetherSame = 0, same = 0;
            for (var i = 0; i < data.Count; i++)
            {
                for (var j = i + 1; j < data.Count; j++)
                {
                    var sameLabel = data[i].Label == data[j].Label;
                    var sameGroup = groupOf[i] == groupOf[j];
                    same += sameLabel ? 1 : 0;
                    together += sameGroup ? 1 : 0;
                    togetherSame += sameLabel && sameGroup ? 1 : 0;
                }
            }

            var point = new Point(threshold, together == 0 ? 1 : (double)togetherSame / together, same == 0 ? 1 : (double)togetherSame / same, groups.Count, groups.Max(g => g.Count));
            points.Add(point);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  threshold {threshold:0.00}: precision {point.Precision:P1}, recall {point.Recall:P1}, {point.Groups} groups, largest {point.Largest}"));
        }

        return points;
    }

    /// <summary>CLINC150's test split, the first 30 intents (30 utterances each) and 100 out-of-scope ones; null without the data.</summary>
    private static List<(string Label, string Text)>? Clinc150()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "shared", "data", "clinc150", "data_full.json")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "shared", "data", "clinc150", "data_full.json")));
        var test = json.RootElement.GetProperty("test").EnumerateArray().Select(r => (Label: r[1].GetString()!, Text: r[0].GetString()!)).ToList();
        var intents = test.Select(t => t.Label).Distinct().Order(StringComparer.Ordinal).Take(30).ToHashSet();
        var oos = json.RootElement.GetProperty("oos_test").EnumerateArray().Take(100).Select((r, i) => (Label: "oos#" + i, Text: r[0].GetString()!));
        return [.. test.Where(t => intents.Contains(t.Label)), .. oos];
    }
}
