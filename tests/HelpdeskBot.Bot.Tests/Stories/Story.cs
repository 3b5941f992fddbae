using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HelpdeskBot.Bot.Tests.Stories;

/// <summary>
/// A conversation written down as the user would have it (Rasa-style test stories): what the user says, what the bot
/// must say back, which back-office calls the turn makes, and which systems are down. Stories live in
/// <c>Stories/*.yml</c>, one or more per file (YAML documents separated by <c>---</c>).
/// </summary>
public sealed class Story
{
    public string Name { get; set; } = "";

    /// <summary><c>customer</c>, <c>employee</c>, <c>supplier</c> or <c>guest</c>, optionally followed by the party id (<c>customer CUS-0002</c>).</summary>
    public string As { get; set; } = "guest";

    public string? Locale { get; set; }

    public List<StoryStep> Steps { get; set; } = [];

    public string File { get; set; } = "";

    public override string ToString() => $"{Path.GetFileNameWithoutExtension(File)}: {Name}";
}

public sealed class StoryStep
{
    /// <summary>What the user types. <c>{code}</c> is replaced by the newest one-time code in the demo outbox for the story's user.</summary>
    public string Say { get; set; } = "";

    /// <summary>Each must appear in the turn's replies (case-insensitive).</summary>
    public List<string> Reply { get; set; } = [];

    /// <summary>None may appear in the turn's replies (case-insensitive).</summary>
    public List<string> Not { get; set; } = [];

    /// <summary>Each must be the title of one of the turn's suggested actions.</summary>
    public List<string> Buttons { get; set; } = [];

    /// <summary>Back-office calls the turn must make, as <c>System.Method</c> (<c>Orders.CancelAsync</c>).</summary>
    public List<string> Calls { get; set; } = [];

    /// <summary>Back-office calls the turn must not make.</summary>
    public List<string> NoCalls { get; set; } = [];

    /// <summary>Systems that stop answering from this step on (<c>Orders</c>, <c>ItSupport</c>, <c>Hr</c>, <c>Invoicing</c>, <c>Notifications</c>).</summary>
    public List<string> Down { get; set; } = [];

    /// <summary>Systems that answer again from this step on.</summary>
    public List<string> Up { get; set; } = [];

    /// <summary>Restart the host (same data directory) before this step: the conversation must carry on.</summary>
    public bool Restart { get; set; }
}

public static class StoryFiles
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Stories");

    public static IReadOnlyList<Story> Load()
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        var stories = new List<Story>();
        // HELPDESKBOT_STORIES=orders-* runs only the matching files (while writing stories); unset runs them all.
        var pattern = Environment.GetEnvironmentVariable("HELPDESKBOT_STORIES") is { Length: > 0 } only ? only + ".yml" : "*.yml";
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, pattern).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(file);
            var parser = new Parser(reader);
            parser.Consume<StreamStart>();
            while (parser.Accept<DocumentStart>(out _))
            {
                var story = deserializer.Deserialize<Story>(parser);
                story.File = Path.GetFileName(file);
                stories.Add(story);
            }
        }

        return stories;
    }
}
